"""The proofs as functions, shared by the test suite and the `python -m verify` report."""

import fnmatch
import json
from dataclasses import dataclass
from typing import Any

import boto3
import pulumi

from tests.harness import PARTITION_REGIONS, MockRuntime
from verify.cases import EmulatorCase, HostileCase, hostile_config
from verify.emulator import EMULATOR_CREDENTIALS, EmulatedAwsMocks, caller_account, differences, seed_policies
from verify.validators import RoleRecord, roles_from_mocks


def arn_like(pattern: str, arn: str) -> bool:
    """IAM's ArnLike: each of the six colon-separated parts matched on its own, `*` and `?` as wildcards."""
    pattern_parts, arn_parts = pattern.split(":", 5), arn.split(":", 5)
    return len(pattern_parts) == len(arn_parts) == 6 and all(
        fnmatch.fnmatchcase(part, glob) for glob, part in zip(pattern_parts, arn_parts, strict=True)
    )


@dataclass
class FargateCheck:
    """A Fargate profile created in the emulator's EKS with the exported role ARN."""

    profile_arn: str
    admitted: bool  # the trust policy's condition accepts this profile
    foreign_profile_arn: str
    foreign_admitted: bool  # ...and a profile of a cluster it does not name


@dataclass
class EmulatedRun:
    case: EmulatorCase
    exports: dict[str, Any]
    records: list[RoleRecord]
    differences: list[str]
    fargate: FargateCheck

    @property
    def trusts_every_cluster(self) -> bool:
        return any("/*/*" in arn for arn in self.exports["trustedSourceArns"])


def _fargate_profile(eks: Any, cluster: str, role_arn: str) -> str:
    eks.create_cluster(
        name=cluster, roleArn=role_arn, resourcesVpcConfig={"subnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]}
    )
    profile = eks.create_fargate_profile(
        fargateProfileName="default",
        clusterName=cluster,
        podExecutionRoleArn=role_arn,
        selectors=[{"namespace": "default"}],
    )["fargateProfile"]
    if profile["podExecutionRoleArn"] != role_arn:
        raise AssertionError(f"the profile kept {profile['podExecutionRoleArn']}, not {role_arn}")
    return str(profile["fargateProfileArn"])


def check_fargate_profile(partition: str, exports: dict[str, Any]) -> FargateCheck:
    """Create a cluster and a Fargate profile with the exported ARN, as a cluster stack would."""
    source_arns: list[str] = exports["trustedSourceArns"]
    _, _, _, region, _, resource = source_arns[0].split(":", 5)
    named_cluster = resource.split("/")[1]
    cluster = "any-cluster" if named_cluster == "*" else named_cluster
    region = PARTITION_REGIONS[partition] if region == "*" else region
    eks = boto3.client("eks", region_name=region, **EMULATOR_CREDENTIALS)
    role_arn = exports["podExecutionRoleArn"]
    clusters = [cluster, f"{cluster}-not-trusted"]
    try:
        profile_arn, foreign_arn = (_fargate_profile(eks, name, role_arn) for name in clusters)
    finally:
        for name in clusters:
            if name in eks.list_clusters()["clusters"]:
                for profile in eks.list_fargate_profiles(clusterName=name)["fargateProfileNames"]:
                    eks.delete_fargate_profile(clusterName=name, fargateProfileName=profile)
                eks.delete_cluster(name=name)
    return FargateCheck(
        profile_arn=profile_arn,
        admitted=any(arn_like(pattern, profile_arn) for pattern in source_arns),
        foreign_profile_arn=foreign_arn,
        foreign_admitted=any(arn_like(pattern, foreign_arn) for pattern in source_arns),
    )


def run_emulated(case: EmulatorCase) -> EmulatedRun:
    """The real program for `case`, every IAM call applied to the emulator (which must be running)."""
    stack = case.name.removeprefix("stack ") if case.name.startswith("stack ") else "verify"
    with caller_account(case.account_id):
        seed_policies(case.existing_policies)
        mocks = EmulatedAwsMocks(case.partition)
        with MockRuntime(stack=stack, mocks=mocks) as runtime:
            exports = runtime.run_program(case.config)
        try:
            found = differences(mocks)
            fargate = check_fargate_profile(case.partition, exports)
        finally:
            mocks.remove_roles()
    return EmulatedRun(case, exports, roles_from_mocks(mocks, case.name), found, fargate)


@dataclass
class HostileRun:
    case: HostileCase
    message: str | None  # None: the program accepted it
    registered: int  # resources registered before the error
    invoked: int  # provider calls made before the error


def run_hostile(case: HostileCase) -> HostileRun:
    with MockRuntime() as runtime:
        try:
            runtime.run_program(hostile_config(case))
            message = None
        except pulumi.RunError as error:
            message = str(error)
        return HostileRun(case, message, len(runtime.mocks.resources), len(runtime.mocks.calls))


def documents_of(records: list[RoleRecord]) -> list[tuple[str, dict[str, Any], str]]:
    """Every policy document of `records`, each distinct document once."""
    seen, documents = set(), []
    for record in records:
        for subject, document, kind in record.documents():
            fingerprint = (kind, json.dumps(document, sort_keys=True))
            if fingerprint not in seen:
                seen.add(fingerprint)
                documents.append((subject, document, kind))
    return documents
