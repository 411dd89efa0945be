"""CrossGuard pack: every EKS Fargate pod execution role keeps its confused-deputy guard, sits at path '/',
has Fargate's managed policy, and (where the organization asks) a permissions boundary.

    pulumi preview --policy-pack ./policy
    pulumi policy publish ./policy       # then enable it for the organization
"""

from fargate_rules import (
    boundary_violations,
    is_fargate_role,
    missing_managed_policy,
    path_violations,
    trust_violations,
)
from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

ROLE = "aws:iam/role:Role"


def _on_fargate_roles(check):  # type: ignore[no-untyped-def]
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type == ROLE and is_fargate_role(args.props):
            for violation in check(args):
                report(violation)

    return validate


trust = ResourceValidationPolicy(
    name="fargate-pod-execution-role-trust",
    description="Fargate may assume the role only through ArnLike aws:SourceArn on Fargate profiles of one account.",
    validate=_on_fargate_roles(lambda args: trust_violations(args.props)),
)
path = ResourceValidationPolicy(
    name="fargate-pod-execution-role-path",
    description="A pod execution role sits at path '/': Fargate profiles reject any other.",
    validate=_on_fargate_roles(lambda args: path_violations(args.props)),
)
boundary = ResourceValidationPolicy(
    name="fargate-pod-execution-role-boundary",
    description="Where the organization requires it, the role has a permissions boundary (optionally one of a list).",
    config_schema=PolicyConfigSchema(
        properties={
            "required": {"type": "boolean", "default": False},
            "allowedBoundaryArns": {"type": "array", "items": {"type": "string"}, "default": []},
        }
    ),
    validate=_on_fargate_roles(
        lambda args: boundary_violations(
            args.props, args.get_config().get("required", False), args.get_config().get("allowedBoundaryArns", [])
        )
    ),
)


def _managed_policy_attached(args: StackValidationArgs, report: ReportViolation) -> None:
    for name in missing_managed_policy((resource.resource_type, resource.props) for resource in args.resources):
        report(f"role {name!r} trusts Fargate but has no AmazonEKSFargatePodExecutionRolePolicy attached")


managed_policy = StackValidationPolicy(
    name="fargate-pod-execution-role-managed-policy",
    description="Every Fargate pod execution role in the stack has AmazonEKSFargatePodExecutionRolePolicy attached.",
    validate=_managed_policy_attached,
)

POLICIES = [trust, path, boundary, managed_policy]

if __name__ == "__main__":
    PolicyPack(name="fargate-pod-execution-role", policies=POLICIES, enforcement_level=EnforcementLevel.MANDATORY)
