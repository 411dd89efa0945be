"""Baseline: what the dev stack registers and invokes (a component, a role, an attachment, an inline
policy; partition and caller identity), with none of the program's checks or documents.

The shape includes the dependencies and the stack's contract: as in AWS's current trust policy, the role
waits for the partition and the account (its `aws:SourceArn` names both), and the same four outputs are
exported. What the dev program costs above this is the cost of its checks and documents.
"""

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
        trust = pulumi.Output.all(partition, account).apply(lambda _: TRUST)
        role = aws.iam.Role(name, assume_role_policy=trust, path="/", opts=child)
        policy_arn = partition.apply(lambda p: f"arn:{p}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy")
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-attachment", role=role.name, policy_arn=policy_arn, opts=child
        )
        inline = aws.iam.RolePolicy(f"{name}-logging", role=role.name, policy=account.apply(lambda a: a), opts=child)
        self.arn = pulumi.Output.all(role.arn, attachment.id, inline.id).apply(lambda v: v[0])
        self.name = role.name
        self.source_arns = pulumi.Output.all(partition, account).apply(lambda v: [f"arn:{v[0]}:{v[1]}"])
        self.policy_arns = pulumi.Output.all(attachment.policy_arn)
        outputs = {"arn": self.arn, "name": self.name, "source_arns": self.source_arns, "policy_arns": self.policy_arns}
        self.register_outputs(outputs)


shape = SameShape("pod-execution-role")
pulumi.export("podExecutionRoleArn", shape.arn)
pulumi.export("podExecutionRoleName", shape.name)
pulumi.export("trustedSourceArns", shape.source_arns)
pulumi.export("attachedPolicyArns", shape.policy_arns)
