"""Fargate profiles for an EKS cluster, using the pod execution role another stack exports."""

import pulumi
import pulumi_aws as aws
from fargate_profiles import ROLE_ARN_OUTPUT, required_output, role_stack_name, selectors

config = pulumi.Config()
# Config first: a bad value fails before anything is registered.
cluster_name = config.require("clusterName")
subnet_ids = config.require_object("subnetIds")
profile_selectors = selectors(config.get_object("namespaces") or [])
role_stack = role_stack_name(config.get("roleStack"), pulumi.get_stack())
roles = pulumi.StackReference(role_stack)
role_arn = roles.get_output(ROLE_ARN_OUTPUT).apply(lambda value: required_output(value, role_stack))

profile = aws.eks.FargateProfile(
    "fargate",
    cluster_name=cluster_name,
    pod_execution_role_arn=role_arn,
    subnet_ids=subnet_ids,
    selectors=[aws.eks.FargateProfileSelectorArgs(**selector) for selector in profile_selectors],
)

pulumi.export("fargateProfileArn", profile.arn)
pulumi.export("podExecutionRoleArn", role_arn)
