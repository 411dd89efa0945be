"""Building `FargatePodExecutionRole` on the mock runtime, for the component's tests."""

from typing import Any

import pulumi

from components import FargatePodExecutionRole, FargatePodExecutionRoleArgs
from tests.harness import MockRuntime

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE = "aws:iam/rolePolicy:RolePolicy"
GET_PARTITION = "aws:index/getPartition:getPartition"
GET_REGION = "aws:index/getRegion:getRegion"
GET_CALLER = "aws:index/getCallerIdentity:getCallerIdentity"
MANAGED_ARN = "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"


def build(runtime: MockRuntime, args: FargatePodExecutionRoleArgs, name: str = "per", **opts: Any) -> dict[str, Any]:
    def program() -> dict[str, Any]:
        role = FargatePodExecutionRole(name, args, pulumi.ResourceOptions(**opts) if opts else None)

        async def arn_waits_for() -> list[str | None]:
            return [await resource.urn.future() for resource in await role.role_arn.resources()]

        return {
            "arn": role.role_arn,
            "name": role.role_name,
            "source_arns": role.source_arns,
            "policy_arns": role.policy_arns,
            "role_protected": role.role._protect,
            # The resources a consumer of role_arn waits for.
            "arn_waits_for": pulumi.Output.from_input(arn_waits_for()),
        }

    resolved: dict[str, Any] = runtime.run(program)
    return resolved
