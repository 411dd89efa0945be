"""The real program with moto behind it: what it creates is what it asked for, and it works with EKS."""

import json
from typing import Any

import boto3
import botocore.exceptions
import pytest

from tests.harness import MockRuntime
from verify.cases import EMULATOR_MATRIX, EmulatorCase, config
from verify.emulator import EMULATOR_CREDENTIALS, EmulatedAwsMocks, caller_account, differences
from verify.proofs import arn_like, run_emulated

pytestmark = pytest.mark.usefixtures("emulator")


@pytest.mark.parametrize("case", EMULATOR_MATRIX, ids=lambda case: case.name)
def test_program_in_the_emulator(case: EmulatorCase) -> None:
    run = run_emulated(case)
    assert run.differences == []
    assert run.exports["podExecutionRoleArn"].startswith(f"arn:{case.partition}:iam::{case.account_id}:role/")
    (record,) = run.records
    assert f"arn:{case.partition}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy" in record.managed_policy_arns
    # A cluster stack's Fargate profile, created with the exported ARN, is one the trust policy admits...
    assert run.fargate.admitted, run.fargate.profile_arn
    # ...and a profile of a cluster the stack does not name is not, unless the stack trusts every cluster.
    assert run.fargate.foreign_admitted == run.trusts_every_cluster


def _run(partition: str, raw: dict[str, str]) -> tuple[EmulatedAwsMocks, Any]:
    mocks = EmulatedAwsMocks(partition)
    with MockRuntime(mocks=mocks) as runtime:
        try:
            return mocks, runtime.run_program(raw)
        except Exception as error:
            return mocks, error
        finally:
            mocks.remove_roles()


def _cause(error: BaseException | None) -> BaseException | None:
    while error is not None and not isinstance(error, botocore.exceptions.ClientError):
        error = error.__cause__ or error.__context__
    return error


def test_a_policy_missing_from_the_catalogue_fails() -> None:
    typo = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAcess"
    _, outcome = _run("aws", config("us-east-1", clusterNames=["prod"], additionalPolicyArns=[typo]))
    cause = _cause(outcome)
    assert isinstance(cause, botocore.exceptions.ClientError), outcome
    assert cause.response["Error"]["Code"] == "NoSuchEntity"


def test_the_managed_policy_exists_only_under_its_own_partition() -> None:
    mocks = EmulatedAwsMocks("aws-cn")
    iam = mocks.client("iam")
    iam.create_role(RoleName="probe", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    try:
        iam.attach_role_policy(
            RoleName="probe", PolicyArn="arn:aws-cn:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"
        )
        with pytest.raises(botocore.exceptions.ClientError, match=r"NoSuchEntity|not valid|does not exist"):
            iam.attach_role_policy(
                RoleName="probe", PolicyArn="arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"
            )
    finally:
        for policy in iam.list_attached_role_policies(RoleName="probe")["AttachedPolicies"]:
            iam.detach_role_policy(RoleName="probe", PolicyArn=policy["PolicyArn"])
        iam.delete_role(RoleName="probe")


def test_a_boundary_that_does_not_exist_fails() -> None:
    raw = config("us-east-1", clusterNames=["prod"], permissionsBoundaryArn="arn:aws:iam::123456789012:policy/none")
    mocks, outcome = _run("aws", raw)
    cause = _cause(outcome)
    assert isinstance(cause, botocore.exceptions.ClientError), outcome
    assert mocks.applied.roles == {}


def test_the_caller_identity_comes_from_the_emulator() -> None:
    with caller_account("555566667777"):
        mocks, exports = _run("aws", config("eu-west-1", clusterNames=["prod"]))
    assert exports["trustedSourceArns"] == ["arn:aws:eks:eu-west-1:555566667777:fargateprofile/prod/*"]
    assert exports["podExecutionRoleArn"].startswith("arn:aws:iam::555566667777:role/")
    assert "aws:index/getCallerIdentity:getCallerIdentity" in mocks.tokens()


def test_the_read_back_notices_what_the_program_did_not_ask_for() -> None:
    mocks = EmulatedAwsMocks("aws")
    with MockRuntime(mocks=mocks) as runtime:
        runtime.run_program(config("eu-west-1", clusterNames=["prod"]))
    try:
        assert differences(mocks) == []
        (name,) = mocks.applied.roles
        iam = mocks.client("iam")
        iam.attach_role_policy(RoleName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        iam.tag_role(RoleName=name, Tags=[{"Key": "added", "Value": "by hand"}])
        found = differences(mocks)
        assert any("attachments" in line and "ReadOnlyAccess" in line for line in found)
        assert any("roles" in line and "by hand" in line for line in found)
    finally:
        mocks.remove_roles()


@pytest.mark.parametrize(
    ("pattern", "arn", "admitted"),
    [
        ("arn:aws:eks:eu-west-1:1:fargateprofile/prod/*", "arn:aws:eks:eu-west-1:1:fargateprofile/prod/p/uuid", True),
        ("arn:aws:eks:eu-west-1:1:fargateprofile/prod/*", "arn:aws:eks:eu-west-1:1:fargateprofile/prod2/p/u", False),
        ("arn:aws:eks:*:1:fargateprofile/*/*", "arn:aws:eks:us-east-1:1:fargateprofile/x/p/u", True),
        ("arn:aws:eks:*:1:fargateprofile/*/*", "arn:aws:eks:us-east-1:2:fargateprofile/x/p/u", False),
        ("arn:aws:eks:*:1:fargateprofile/*/*", "arn:aws-cn:eks:cn-north-1:1:fargateprofile/x/p/u", False),
    ],
)
def test_arn_like(pattern: str, arn: str, admitted: bool) -> None:
    assert arn_like(pattern, arn) is admitted


def test_eks_keeps_the_role_of_the_profile() -> None:
    eks = boto3.client("eks", region_name="eu-west-1", **EMULATOR_CREDENTIALS)
    assert eks.list_clusters()["clusters"] == []  # every case above removed its clusters
