"""The IAM documents, checked as plain data."""

import json

import pytest

from components import policies

# The trust policy from AWS's current EKS docs ("Amazon EKS Pod execution IAM role"), placeholders filled in.
AWS_DOCUMENTED_TRUST_POLICY = """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Condition": {
         "ArnLike": {
            "aws:SourceArn": "arn:aws:eks:region-code:111122223333:fargateprofile/my-cluster/*"
         }
      },
      "Principal": {
        "Service": "eks-fargate-pods.amazonaws.com"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}
"""
# The CloudWatch policy AWS documents for Fargate logging.
AWS_DOCUMENTED_LOGGING_POLICY = """
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": [
      "logs:CreateLogStream",
      "logs:CreateLogGroup",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
      "logs:PutRetentionPolicy"
    ],
    "Resource": "*"
  }]
}
"""


def test_single_cluster_trust_policy_is_the_documented_one() -> None:
    document = policies.trust_policy("aws", "111122223333", ["my-cluster"], ["region-code"])
    assert document == json.loads(AWS_DOCUMENTED_TRUST_POLICY)
    assert json.loads(policies.to_json(document)) == json.loads(AWS_DOCUMENTED_TRUST_POLICY)


def test_trust_policy_lists_every_cluster_region_pair_in_order() -> None:
    document = policies.trust_policy("aws-cn", "111122223333", ["a", "b"], ["cn-north-1", "cn-northwest-1"])
    (statement,) = document["Statement"]
    assert statement["Condition"] == {
        "ArnLike": {
            "aws:SourceArn": [
                "arn:aws-cn:eks:cn-north-1:111122223333:fargateprofile/a/*",
                "arn:aws-cn:eks:cn-northwest-1:111122223333:fargateprofile/a/*",
                "arn:aws-cn:eks:cn-north-1:111122223333:fargateprofile/b/*",
                "arn:aws-cn:eks:cn-northwest-1:111122223333:fargateprofile/b/*",
            ]
        }
    }
    # The principal is the same in every partition.
    assert statement["Principal"] == {"Service": "eks-fargate-pods.amazonaws.com"}


def test_widest_trust_policy_is_still_scoped_to_the_account() -> None:
    document = policies.trust_policy("aws", "111122223333", ["*"], ["*"])
    assert document["Statement"][0]["Condition"] == {
        "ArnLike": {"aws:SourceArn": "arn:aws:eks:*:111122223333:fargateprofile/*/*"}
    }


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_managed_policy_arn_follows_the_partition(partition: str) -> None:
    assert policies.managed_policy_arn(partition) == (
        f"arn:{partition}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"
    )


def test_logging_policy_grants_the_documented_actions_on_this_account_only() -> None:
    documented = json.loads(AWS_DOCUMENTED_LOGGING_POLICY)
    document = policies.cloudwatch_logging_policy("aws-cn", "111122223333")
    # AWS's example, with `Resource: *` narrowed to the account's log groups and their streams.
    documented["Statement"][0]["Resource"] = [
        "arn:aws-cn:logs:*:111122223333:log-group:*",
        "arn:aws-cn:logs:*:111122223333:log-group:*:log-stream:*",
    ]
    assert document == documented


def test_prefix_scopes_the_logging_policy_to_log_group_names() -> None:
    document = policies.cloudwatch_logging_policy("aws", "111122223333", "/eks/dev-")
    assert document["Statement"][0]["Resource"] == [
        "arn:aws:logs:*:111122223333:log-group:/eks/dev-*",
        "arn:aws:logs:*:111122223333:log-group:/eks/dev-*:log-stream:*",
    ]


def test_json_is_compact_and_stable() -> None:
    document = policies.trust_policy("aws", "111122223333", ["a"], ["eu-west-1"])
    text = policies.to_json(document)
    assert text == policies.to_json(json.loads(text))
    assert " " not in text
    assert "\n" not in text


def test_policy_size_ignores_white_space_as_iam_does() -> None:
    document = {"Statement": [{"Sid": "a b"}]}
    assert policies.policy_size(document) == len('{"Statement":[{"Sid":"ab"}]}')
