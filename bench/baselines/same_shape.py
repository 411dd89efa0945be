"""Baseline: what the dev stack registers and invokes (a component, a role, an attachment, an inline
policy; partition and caller identity), with none of the program's checks or documents."""

import pulumi
import pulumi_aws as aws

TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Principal":{"Service":"eks-fargate-pods.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
)


class SameShape(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("bench:index:SameShape", name)
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        partition = aws.get_partition_output(opts=invoke).partition
        account = aws.get_caller_identity_output(opts=invoke).account_id
        role = aws.iam.Role(name, assume_role_policy=TRUST, path="/", opts=child)
        policy_arn = partition.apply(lambda p: f"arn:{p}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy")
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-attachment", role=role.name, policy_arn=policy_arn, opts=child
        )
        inline = aws.iam.RolePolicy(f"{name}-logging", role=role.name, policy=account.apply(lambda a: a), opts=child)
        self.arn = pulumi.Output.all(role.arn, attachment.id, inline.id).apply(lambda v: v[0])
        self.register_outputs({"arn": self.arn})


pulumi.export("podExecutionRoleArn", SameShape("pod-execution-role").arn)
