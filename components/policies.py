"""IAM documents for the EKS Fargate pod execution role, as pure functions.

Plain data in, plain data out: no Pulumi here, so every document can be checked directly and by
tools that know nothing about Pulumi.
"""

import json
from collections.abc import Sequence
from typing import Any

FARGATE_SERVICE_PRINCIPAL = "eks-fargate-pods.amazonaws.com"
MANAGED_POLICY_NAME = "AmazonEKSFargatePodExecutionRolePolicy"
SUPPORTED_PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
WILDCARD = "*"

# The five actions the Fargate log router (Fluent Bit) needs to ship container logs to CloudWatch.
CLOUDWATCH_LOGGING_ACTIONS = (
    "logs:CreateLogStream",
    "logs:CreateLogGroup",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
    "logs:PutRetentionPolicy",
)
CLOUDWATCH_LOGGING_POLICY_NAME = "fargate-cloudwatch-logging"

PolicyDocument = dict[str, Any]


def managed_policy_arn(partition: str, policy_name: str = MANAGED_POLICY_NAME) -> str:
    """ARN of an AWS managed policy in the given partition (never hard-code `arn:aws`)."""
    return f"arn:{partition}:iam::aws:policy/{policy_name}"


def fargate_profile_source_arns(
    partition: str, account_id: str, cluster_names: Sequence[str], regions: Sequence[str]
) -> list[str]:
    """Every `aws:SourceArn` the trust policy accepts: one per (cluster, region) pair, in input order."""
    return [
        f"arn:{partition}:eks:{region}:{account_id}:fargateprofile/{cluster}/*"
        for cluster in cluster_names
        for region in regions
    ]


def _single_or_list(values: list[str]) -> str | list[str]:
    # AWS's own documents write a lone condition value as a string; keep that shape.
    return values[0] if len(values) == 1 else values


def trust_policy(
    partition: str, account_id: str, cluster_names: Sequence[str], regions: Sequence[str]
) -> PolicyDocument:
    """Trust policy letting only this account's Fargate profiles of the named clusters assume the role.

    The `ArnLike aws:SourceArn` condition is the confused-deputy guard AWS documents for this role; it is
    never omitted, and its widest form (`*` cluster, `*` region) is still scoped to one account.
    """
    source_arns = fargate_profile_source_arns(partition, account_id, cluster_names, regions)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Condition": {"ArnLike": {"aws:SourceArn": _single_or_list(source_arns)}},
                "Principal": {"Service": FARGATE_SERVICE_PRINCIPAL},
                "Action": "sts:AssumeRole",
            }
        ],
    }


def cloudwatch_logging_policy(partition: str, account_id: str, log_group_prefix: str | None = None) -> PolicyDocument:
    """Inline policy for the Fargate log router: AWS's five actions, on this account's log groups.

    AWS's example grants them on `*`; the log router only ever writes to log groups of the account it runs
    in, so the ARNs name the account (any region: the router's output may name another region) and, with
    a prefix, the log group names too.
    """
    group_arn = f"arn:{partition}:logs:*:{account_id}:log-group:{log_group_prefix or ''}*"
    # Group-level actions match the group ARN; PutLogEvents matches the stream ARN under it.
    resources = [group_arn, f"{group_arn}:log-stream:*"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": list(CLOUDWATCH_LOGGING_ACTIONS),
                "Resource": resources,
            }
        ],
    }


def to_json(document: PolicyDocument) -> str:
    """The compact JSON string sent to IAM (stable key order, so diffs stay quiet)."""
    return json.dumps(document, separators=(",", ":"))


def policy_size(document: PolicyDocument) -> int:
    """Size as IAM counts it against its quotas: characters, white space not counted."""
    return len("".join(to_json(document).split()))  # str.split() drops exactly the str.isspace() characters
