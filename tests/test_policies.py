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


def test_unscoped_logging_policy_is_the_documented_one() -> None:
    document = policies.cloudwatch_logging_policy("aws", "111122223333", ["eu-west-1"])
    assert document == json.loads(AWS_DOCUMENTED_LOGGING_POLICY)


def test_scoped_logging_policy_names_group_and_stream_per_region() -> None:
    document = policies.cloudwatch_logging_policy("aws", "111122223333", ["eu-west-1", "us-east-1"], "/eks/dev-")
    assert document["Statement"][0]["Resource"] == [
        "arn:aws:logs:eu-west-1:111122223333:log-group:/eks/dev-*",
        "arn:aws:logs:eu-west-1:111122223333:log-group:/eks/dev-*:log-stream:*",
        "arn:aws:logs:us-east-1:111122223333:log-group:/eks/dev-*",
        "arn:aws:logs:us-east-1:111122223333:log-group:/eks/dev-*:log-stream:*",
    ]
    assert document["Statement"][0]["Action"] == json.loads(AWS_DOCUMENTED_LOGGING_POLICY)["Statement"][0]["Action"]


def test_json_is_compact_and_stable() -> None:
    document = policies.trust_policy("aws", "111122223333", ["a"], ["eu-west-1"])
    text = policies.to_json(document)
    assert text == policies.to_json(json.loads(text))
    assert " " not in text
    assert "\n" not in text


def test_policy_size_ignores_white_space_as_iam_does() -> None:
    document = {"Statement": [{"Sid": "a b"}]}
    assert policies.policy_size(document) == len('{"Statement":[{"Sid":"ab"}]}')
