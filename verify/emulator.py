"""The program on Pulumi's mock runtime with moto as the AWS behind it.

Every IAM resource the program registers is applied to moto's IAM backend through boto3 (the calls the
AWS provider would make), with the real AWS managed-policy catalogue loaded, and STS answers the caller
identity. Moto rejects what AWS would reject that it knows of: a policy ARN that does not exist, a trust
policy or inline policy its validators refuse, a role name it already has.
"""

import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import boto3
import pulumi

from tests.harness import PARTITION_REGIONS, AwsMocks

# Moto must know the real managed policies before its IAM backend is first built.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
from moto import mock_aws

EMULATOR_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def autoname(logical_name: str) -> str:
    """A physical name as Pulumi's auto-naming makes it: the logical name, a dash, seven hex characters."""
    return f"{logical_name}-{secrets.token_hex(4)[:7]}"


@dataclass
class AppliedState:
    """What the program asked the emulator for."""

    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: dict[str, set[str]] = field(default_factory=dict)
    inline_policies: dict[str, dict[str, Any]] = field(default_factory=dict)


class EmulatedAwsMocks(AwsMocks):
    """`AwsMocks` whose IAM resources and caller identity come from moto."""

    def __init__(self, partition: str = "aws") -> None:
        super().__init__(partition)
        self.applied = AppliedState()
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            region = PARTITION_REGIONS[self.partition]
            self._clients[service] = boto3.client(service, region_name=region, **EMULATOR_CREDENTIALS)
        return self._clients[service]

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            self.calls.append(args)
            identity = self.client("sts").get_caller_identity()
            return {
                "id": identity["Account"],
                "accountId": identity["Account"],
                "arn": identity["Arn"],
                "userId": identity["UserId"],
            }, []
        return super().call(args)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = args.inputs
        if args.typ == "aws:iam/role:Role":
            self.resources.append(args)
            return self._create_role(args.name, inputs)
        if args.typ == "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            self.resources.append(args)
            self.client("iam").attach_role_policy(RoleName=inputs["role"], PolicyArn=inputs["policyArn"])
            self.applied.attachments.setdefault(inputs["role"], set()).add(inputs["policyArn"])
            return f"{inputs['role']}-{args.name}", dict(inputs)
        if args.typ == "aws:iam/rolePolicy:RolePolicy":
            self.resources.append(args)
            name = inputs.get("name") or autoname(args.name)
            self.client("iam").put_role_policy(
                RoleName=inputs["role"], PolicyName=name, PolicyDocument=inputs["policy"]
            )
            self.applied.inline_policies.setdefault(inputs["role"], {})[name] = json.loads(inputs["policy"])
            return f"{inputs['role']}:{name}", {**inputs, "name": name}
        return super().new_resource(args)

    def _create_role(self, logical_name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        name = inputs.get("name") or autoname(logical_name)
        request: dict[str, Any] = {
            "RoleName": name,
            "Path": inputs.get("path", "/"),
            "AssumeRolePolicyDocument": inputs["assumeRolePolicy"],
            "Tags": [{"Key": key, "Value": value} for key, value in inputs.get("tags", {}).items()],
        }
        if "description" in inputs:
            request["Description"] = inputs["description"]
        if "permissionsBoundary" in inputs:
            # IAM refuses a boundary that does not exist; moto does not check, so ask it first.
            self.client("iam").get_policy(PolicyArn=inputs["permissionsBoundary"])
            request["PermissionsBoundary"] = inputs["permissionsBoundary"]
        role = self.client("iam").create_role(**request)["Role"]
        self.physical_names[logical_name] = name
        self.applied.roles[name] = {**request, "Tags": dict(inputs.get("tags", {}))}
        return name, {**inputs, "name": name, "arn": role["Arn"], "uniqueId": role["RoleId"]}

    def remove_roles(self) -> None:
        """Delete every role this run created, so the next run may reuse its names."""
        iam = self.client("iam")
        for name in self.applied.roles:
            for policy in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
                iam.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
            for policy_name in iam.list_role_policies(RoleName=name)["PolicyNames"]:
                iam.delete_role_policy(RoleName=name, PolicyName=policy_name)
            iam.delete_role(RoleName=name)


BOUNDARY_DOCUMENT = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:*", "logs:*"], "Resource": "*"}]}
)


@contextmanager
def emulated_aws() -> Iterator[None]:
    """moto's in-process AWS, with the real managed-policy catalogue, for the block."""
    with mock_aws():
        yield


@contextmanager
def caller_account(account_id: str) -> Iterator[None]:
    """Make the emulator's caller (STS, and every ARN it mints) belong to `account_id` for the block."""
    previous = os.environ.get("MOTO_ACCOUNT_ID")
    os.environ["MOTO_ACCOUNT_ID"] = account_id
    try:
        yield
    finally:
        if previous is None:
            del os.environ["MOTO_ACCOUNT_ID"]
        else:
            os.environ["MOTO_ACCOUNT_ID"] = previous


def seed_policies(arns: Iterable[str]) -> None:
    """Create customer managed policies the account already has (a permissions boundary, say)."""
    for arn in arns:
        _, partition, _, _, _, resource = arn.split(":", 5)
        path, _, name = resource.removeprefix("policy").rpartition("/")
        iam = boto3.client("iam", region_name=PARTITION_REGIONS[partition], **EMULATOR_CREDENTIALS)
        with suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_policy(PolicyName=name, Path=f"{path}/", PolicyDocument=BOUNDARY_DOCUMENT)


def read_back(mocks: EmulatedAwsMocks) -> AppliedState:
    """The emulator's state for every role the program created, in the shape of `AppliedState`."""
    iam = mocks.client("iam")
    state = AppliedState()
    for name in mocks.applied.roles:
        role = iam.get_role(RoleName=name)["Role"]
        tags = {tag["Key"]: tag["Value"] for tag in iam.list_role_tags(RoleName=name)["Tags"]}
        request: dict[str, Any] = {
            "RoleName": role["RoleName"],
            "Path": role["Path"],
            "AssumeRolePolicyDocument": json.dumps(role["AssumeRolePolicyDocument"], separators=(",", ":")),
            "Tags": tags,
        }
        if role.get("Description") is not None:
            request["Description"] = role["Description"]
        if "PermissionsBoundary" in role:
            request["PermissionsBoundary"] = role["PermissionsBoundary"]["PermissionsBoundaryArn"]
        state.roles[name] = request
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        if attached:
            state.attachments[name] = {policy["PolicyArn"] for policy in attached}
        inline = iam.list_role_policies(RoleName=name)["PolicyNames"]
        if inline:
            state.inline_policies[name] = {
                policy: iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"] for policy in inline
            }
    return state


def _line_ends_normalised(roles: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # IAM answers in XML, and an XML parser reads a bare carriage return as a newline: compare what survives.
    return {
        name: {**role, "Description": role["Description"].replace("\r\n", "\n").replace("\r", "\n")}
        if "Description" in role
        else role
        for name, role in roles.items()
    }


def differences(mocks: EmulatedAwsMocks) -> list[str]:
    """What the emulator holds that the program did not ask for, or lacks that it did: [] when equal."""
    held, asked = read_back(mocks), mocks.applied
    held.roles = _line_ends_normalised(held.roles)
    asked = AppliedState(_line_ends_normalised(asked.roles), asked.attachments, asked.inline_policies)
    found = []
    for what in ("roles", "attachments", "inline_policies"):
        held_part, asked_part = getattr(held, what), getattr(asked, what)
        for name in sorted(set(held_part) | set(asked_part)):
            if held_part.get(name) != asked_part.get(name):
                found.append(
                    f"{what} of {name}: emulator has {held_part.get(name)!r}, program asked {asked_part.get(name)!r}"
                )
    return found
