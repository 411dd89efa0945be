"""Baseline: the two resources of AWS's own walkthrough (role and attachment), nothing checked."""

import pulumi
import pulumi_aws as aws

TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Principal":{"Service":"eks-fargate-pods.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
)

role = aws.iam.Role("AmazonEKSFargatePodExecutionRole", assume_role_policy=TRUST)
aws.iam.RolePolicyAttachment(
    "AmazonEKSFargatePodExecutionRolePolicy",
    role=role.name,
    policy_arn="arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy",
)
pulumi.export("podExecutionRoleArn", role.arn)
