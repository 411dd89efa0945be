"""`FargatePodExecutionRole` on Pulumi's mock runtime: what it registers, resolved to plain values."""

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from components import TYPE_TOKEN, FargatePodExecutionRole
from tests.component_runs import ATTACHMENT, GET_CALLER, GET_PARTITION, GET_REGION, INLINE, ROLE, build
from tests.harness import MockRuntime


def trust(runtime: MockRuntime) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(runtime.mocks.one(ROLE).inputs["assumeRolePolicy"])
    return document


def test_default_role(runtime: MockRuntime) -> None:
    out = build(runtime, {"cluster_names": ["prod"]})
    mocks = runtime.mocks
    assert sorted((r.typ, r.name) for r in mocks.resources) == sorted(
        [
            (TYPE_TOKEN, "per"),
            (ROLE, "per"),
            (ATTACHMENT, "per-AmazonEKSFargatePodExecutionRolePolicy"),
        ]
    )
    role = mocks.one(ROLE).inputs
    assert trust(runtime) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:eks:us-east-1:123456789012:fargateprofile/prod/*"}},
                "Principal": {"Service": "eks-fargate-pods.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    assert role["path"] == "/"
    assert role["forceDetachPolicies"] is True
    assert "name" not in role  # auto-named
    assert role["description"] == "Amazon EKS Fargate pod execution role (Pulumi fargate-pod-execution-role/test)"
    assert role["tags"] == {
        "pulumi:project": "fargate-pod-execution-role",
        "pulumi:stack": "test",
        "pulumi:component": "FargatePodExecutionRole",
    }
    assert "permissionsBoundary" not in role
    assert mocks.one(ATTACHMENT).inputs == {
        "role": "per-a1b2c3d",
        "policyArn": "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy",
    }
    assert mocks.of_type(INLINE) == []
    assert out["arn"] == "arn:aws:iam::123456789012:role/per-a1b2c3d"
    assert out["name"] == "per-a1b2c3d"
    assert out["source_arns"] == ["arn:aws:eks:us-east-1:123456789012:fargateprofile/prod/*"]
    assert out["policy_arns"] == ["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"]
    assert sorted(mocks.tokens()) == sorted([GET_PARTITION, GET_REGION, GET_CALLER])
    assert runtime.warnings.messages == []


def test_children_are_parented_to_the_component(runtime: MockRuntime) -> None:
    out = build(runtime, {"cluster_names": ["prod"], "cloudwatch_logging": True})
    # A child's URN carries its parent's type: every child sits under the component.
    assert len(out["arn_waits_for"]) == 3
    for urn in out["arn_waits_for"]:
        assert f"::{TYPE_TOKEN}$aws:iam/" in urn, urn


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_partition_flows_into_every_arn_and_no_name(runtime: MockRuntime, partition: str) -> None:
    runtime.mocks.use_partition(partition)
    region = runtime.mocks.region
    out = build(
        runtime, {"cluster_names": ["prod"], "cloudwatch_logging": True, "cloudwatch_log_group_prefix": "/eks/"}
    )
    assert out["policy_arns"] == [f"arn:{partition}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"]
    assert out["source_arns"] == [f"arn:{partition}:eks:{region}:123456789012:fargateprofile/prod/*"]
    assert trust(runtime)["Statement"][0]["Principal"] == {"Service": "eks-fargate-pods.amazonaws.com"}
    inline = json.loads(runtime.mocks.one(INLINE).inputs["policy"])
    assert inline["Statement"][0]["Resource"][0] == f"arn:{partition}:logs:*:123456789012:log-group:/eks/*"
    # The same names in every partition: moving partitions or refactoring never replaces a child.
    assert sorted(r.name for r in runtime.mocks.resources) == [
        "per",
        "per",
        "per-AmazonEKSFargatePodExecutionRolePolicy",
        "per-cloudwatch-logging",
    ]
    assert all(partition not in r.name and "arn:" not in r.name for r in runtime.mocks.resources)
    gov_warnings = [m for m in runtime.warnings.messages if "not offered" in m]
    assert len(gov_warnings) == (1 if partition == "aws-us-gov" else 0)


def test_account_id_skips_the_sts_call(runtime: MockRuntime) -> None:
    out = build(runtime, {"cluster_names": ["prod"], "account_id": "210987654321"})
    assert GET_CALLER not in runtime.mocks.tokens()
    assert out["source_arns"] == ["arn:aws:eks:us-east-1:210987654321:fargateprofile/prod/*"]


def test_explicit_regions_skip_the_region_call(runtime: MockRuntime) -> None:
    out = build(runtime, {"cluster_names": ["a", "b"], "cluster_regions": ["eu-west-1", "eu-central-1"]})
    assert GET_REGION not in runtime.mocks.tokens()
    assert out["source_arns"] == [
        f"arn:aws:eks:{region}:123456789012:fargateprofile/{cluster}/*"
        for cluster in ("a", "b")
        for region in ("eu-west-1", "eu-central-1")
    ]
    assert trust(runtime)["Statement"][0]["Condition"]["ArnLike"]["aws:SourceArn"] == out["source_arns"]


def test_wildcards(runtime: MockRuntime) -> None:
    out = build(runtime, {"cluster_names": ["*"], "cluster_regions": ["*"], "account_id": "210987654321"})
    assert out["source_arns"] == ["arn:aws:eks:*:210987654321:fargateprofile/*/*"]
    assert runtime.mocks.tokens() == [GET_PARTITION]


def test_cluster_name_from_another_resource_output(runtime: MockRuntime) -> None:
    def program() -> Any:
        cluster_name = pulumi.Output.from_input("eks-from-output")
        role = FargatePodExecutionRole("per", {"cluster_names": [cluster_name, "static"]})
        return role.source_arns

    assert runtime.run(program) == [
        "arn:aws:eks:us-east-1:123456789012:fargateprofile/eks-from-output/*",
        "arn:aws:eks:us-east-1:123456789012:fargateprofile/static/*",
    ]


def test_every_optional_input(runtime: MockRuntime) -> None:
    out = build(
        runtime,
        {
            "cluster_names": ["prod"],
            "cluster_regions": ["eu-west-1"],
            "account_id": "210987654321",
            "role_name": "prod-fargate-pods",
            "description": "Pods of prod",
            "permissions_boundary_arn": "arn:aws:iam::210987654321:policy/boundary",
            "additional_policy_arns": ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"],
            "cloudwatch_logging": True,
            "cloudwatch_log_group_prefix": "/aws/eks/prod/",
            "tags": {"team": "platform", "pulumi:stack": "override"},
        },
    )
    role = runtime.mocks.one(ROLE).inputs
    assert role["name"] == "prod-fargate-pods"
    assert role["description"] == "Pods of prod"
    assert role["permissionsBoundary"] == "arn:aws:iam::210987654321:policy/boundary"
    assert role["tags"] == {
        "pulumi:project": "fargate-pod-execution-role",
        "pulumi:stack": "override",
        "pulumi:component": "FargatePodExecutionRole",
        "team": "platform",
    }
    assert {r.name: r.inputs["policyArn"] for r in runtime.mocks.of_type(ATTACHMENT)} == {
        "per-AmazonEKSFargatePodExecutionRolePolicy": "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy",
        "per-AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    }
    inline = runtime.mocks.one(INLINE)
    assert inline.name == "per-cloudwatch-logging"
    assert inline.inputs["name"] == "fargate-cloudwatch-logging"
    assert json.loads(inline.inputs["policy"])["Statement"][0] == {
        "Effect": "Allow",
        "Action": [
            "logs:CreateLogStream",
            "logs:CreateLogGroup",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
            "logs:PutRetentionPolicy",
        ],
        "Resource": [
            "arn:aws:logs:*:210987654321:log-group:/aws/eks/prod/*",
            "arn:aws:logs:*:210987654321:log-group:/aws/eks/prod/*:log-stream:*",
        ],
    }
    assert out["arn"] == "arn:aws:iam::123456789012:role/prod-fargate-pods"
    assert out["policy_arns"] == [
        "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy",
        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    ]


def test_logging_without_prefix_covers_every_log_group_of_the_account(runtime: MockRuntime) -> None:
    build(runtime, {"cluster_names": ["prod"], "cloudwatch_logging": True})
    assert json.loads(runtime.mocks.one(INLINE).inputs["policy"])["Statement"][0]["Resource"] == [
        "arn:aws:logs:*:123456789012:log-group:*",
        "arn:aws:logs:*:123456789012:log-group:*:log-stream:*",
    ]


def test_additional_attachments_are_named_stably(runtime: MockRuntime) -> None:
    arns = [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::210987654321:policy/team/ReadOnlyAccess",
        "arn:aws:iam::210987654321:policy/Extra",
    ]
    build(runtime, {"cluster_names": ["prod"], "additional_policy_arns": arns})
    first = {r.inputs["policyArn"]: r.name for r in runtime.mocks.of_type(ATTACHMENT)}
    with MockRuntime() as other:
        # Reordered and in another partition: the same ARN keeps the same logical name.
        other.mocks.use_partition("aws-cn")
        build(
            other,
            {
                "cluster_names": ["prod"],
                "additional_policy_arns": [a.replace("arn:aws:", "arn:aws-cn:") for a in reversed(arns)],
            },
        )
        second = {
            r.inputs["policyArn"].replace("arn:aws-cn:", "arn:aws:"): r.name for r in other.mocks.of_type(ATTACHMENT)
        }
    assert first == second
    assert first["arn:aws:iam::210987654321:policy/Extra"] == "per-Extra"
    assert (
        first["arn:aws:iam::aws:policy/ReadOnlyAccess"] != first["arn:aws:iam::210987654321:policy/team/ReadOnlyAccess"]
    )
    assert len(set(first.values())) == 4


def test_role_arn_waits_for_every_attachment_and_inline_policy(runtime: MockRuntime) -> None:
    out = build(
        runtime,
        {
            "cluster_names": ["prod"],
            "cloudwatch_logging": True,
            "additional_policy_arns": ["arn:aws:iam::aws:policy/X"],
        },
    )
    waited = {urn.rsplit("::", 1)[1] for urn in out["arn_waits_for"]}
    assert waited == {"per", "per-AmazonEKSFargatePodExecutionRolePolicy", "per-X", "per-cloudwatch-logging"}


def test_protect_reaches_the_role(runtime: MockRuntime) -> None:
    assert build(runtime, {"cluster_names": ["prod"]}, protect=True)["role_protected"] is True


def test_unprotected_by_default(runtime: MockRuntime) -> None:
    assert build(runtime, {"cluster_names": ["prod"]})["role_protected"] in (None, False)


def test_explicit_provider_reaches_every_invoke(runtime: MockRuntime) -> None:
    def program() -> Any:
        provider = aws.Provider("cn", region="cn-north-1")
        return FargatePodExecutionRole(
            "per", {"cluster_names": ["prod"]}, pulumi.ResourceOptions(providers=[provider])
        ).role_arn

    runtime.run(program)
    assert len(runtime.mocks.calls) == 3
    assert all(call.provider and "::cn::" in call.provider for call in runtime.mocks.calls)
