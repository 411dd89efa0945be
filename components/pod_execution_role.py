"""`FargatePodExecutionRole`: the IAM role EKS on Fargate assumes to pull images and ship logs.

A thin layer over `policies` (the documents) and `validation` (the rules): it checks what it knows,
asks the provider for partition, region and account, and registers the role and its attachments.
"""

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NotRequired, TypedDict, TypeVar

import pulumi
import pulumi_aws as aws

from components import gates, policies, validation
from components.naming import attachment_suffixes

T = TypeVar("T")
PACKAGE_NAME = "fargate-pod-execution-role"
TYPE_TOKEN = f"{PACKAGE_NAME}:index:FargatePodExecutionRole"


class FargatePodExecutionRoleArgs(TypedDict):
    """Inputs of `FargatePodExecutionRole`."""

    cluster_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """EKS clusters whose Fargate profiles may assume the role; ["*"] alone means every cluster in the account."""
    cluster_regions: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """Regions of those clusters, all in one partition; ["*"] means any region. Default: the provider's region."""
    account_id: NotRequired[pulumi.Input[str]]
    """12-digit account that owns the clusters. Default: the caller identity (one STS call)."""
    role_name: NotRequired[pulumi.Input[str]]
    """Exact IAM role name (1-64 of [A-Za-z0-9+=,.@_-]). Default: the resource name plus a random suffix."""
    description: NotRequired[pulumi.Input[str]]
    """IAM role description (at most 1000 Latin-1 characters). Default: names the Pulumi project and stack."""
    permissions_boundary_arn: NotRequired[pulumi.Input[str]]
    """ARN of a managed policy to set as the role's permissions boundary."""
    additional_policy_arns: NotRequired[Sequence[str]]
    """Further managed policy ARNs to attach (at most 9); each attachment is named after its policy."""
    cloudwatch_logging: NotRequired[bool]
    """Grant the Fargate log router the five CloudWatch Logs actions it needs (an inline policy)."""
    cloudwatch_log_group_prefix: NotRequired[pulumi.Input[str]]
    """Scope the CloudWatch Logs permissions to log groups whose names start with this prefix."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the role, merged over defaults that identify the Pulumi project and stack."""


def _is_output(value: Any) -> bool:
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)


def _known(value: Any) -> Any:
    """The value with every output (known only at deployment) replaced by `validation.UNKNOWN`."""
    if _is_output(value):
        return validation.UNKNOWN
    if isinstance(value, list | tuple):
        return [_known(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _known(item) for key, item in value.items()}
    return value


def _has_outputs(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_has_outputs(item) for item in value)
    if isinstance(value, Mapping):
        return any(_has_outputs(item) for item in value.values())
    return _is_output(value)


def _checked(value: Any, check: Callable[[Any], T]) -> "T | pulumi.Output[T]":
    """`check(value)` at once when the value is plain, or once it resolves when it holds outputs.

    Plain values were validated before registration already; checking them again here costs nothing,
    whereas an `apply` per input would cost the engine a task each.
    """
    if _has_outputs(value):
        return pulumi.Output.from_input(value).apply(check)
    return check(value)


def default_tags() -> dict[str, str]:
    return {
        "pulumi:project": pulumi.get_project(),
        "pulumi:stack": pulumi.get_stack(),
        "pulumi:component": "FargatePodExecutionRole",
    }


class FargatePodExecutionRole(pulumi.ComponentResource):
    """The Amazon EKS pod execution role for Fargate profiles, with the confused-deputy guard on."""

    role: aws.iam.Role
    """The IAM role."""
    role_arn: pulumi.Output[str]
    """ARN of the role, resolved only once every policy is attached: safe to hand to a Fargate profile."""
    role_name: pulumi.Output[str]
    """Name of the role."""
    source_arns: pulumi.Output[list[str]]
    """The Fargate profile ARN patterns the trust policy accepts."""
    policy_arns: pulumi.Output[list[str]]
    """The managed policies attached to the role."""

    def __init__(
        self, name: str, args: FargatePodExecutionRoleArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        tags_default = default_tags()
        # Everything knowable is checked before anything is registered: bad input creates nothing.
        gates.check_known_args(name, _known(dict(args)), tags_default)
        super().__init__(TYPE_TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)  # parent=self: an explicit provider flows through

        partition = aws.get_partition_output(opts=invoke).partition.apply(self._checked_partition)
        # Account and regions are checked once resolved by the trust policy's gate, which the role waits for.
        account_id: pulumi.Input[str] = (
            args["account_id"]
            if args.get("account_id") is not None
            else aws.get_caller_identity_output(opts=invoke).account_id
        )
        regions: pulumi.Input[Sequence[pulumi.Input[str]]] = (
            args["cluster_regions"]
            if args.get("cluster_regions") is not None
            else aws.get_region_output(opts=invoke).region.apply(lambda region: [region])
        )
        # One gather serves the trust policy and the source ARNs exported beside it.
        trust_inputs = pulumi.Output.all(partition, account_id, args["cluster_names"], regions)
        trust_policy = trust_inputs.apply(lambda v: policies.to_json(gates.checked_trust_policy(*v)))
        boundary = args.get("permissions_boundary_arn")
        self.role = aws.iam.Role(
            name,
            aws.iam.RoleArgs(
                name=None if args.get("role_name") is None else _checked(args["role_name"], validation.check_role_name),
                # Fargate rejects a pod execution role whose ARN has any other path.
                path="/",
                description=_checked(
                    args.get("description")
                    or f"Amazon EKS Fargate pod execution role (Pulumi {pulumi.get_project()}/{pulumi.get_stack()})",
                    validation.check_description,
                ),
                assume_role_policy=trust_policy,
                permissions_boundary=None
                if boundary is None
                else pulumi.Output.all(boundary, partition).apply(
                    lambda v: validation.check_policy_arn("permissions_boundary_arn", v[0], v[1])
                ),
                # A policy attached by hand must not block `pulumi destroy`.
                force_detach_policies=True,
                tags=_checked(args.get("tags", {}), functools.partial(gates.checked_tags, tags_default)),
            ),
            child,
        )

        attachments = [
            aws.iam.RolePolicyAttachment(
                f"{name}-{policies.MANAGED_POLICY_NAME}",
                role=self.role.name,
                policy_arn=partition.apply(policies.managed_policy_arn),
                opts=child,
            )
        ]
        additional = list(args.get("additional_policy_arns", []))
        for suffix, arn in zip(attachment_suffixes(additional), additional, strict=True):
            attachments.append(
                aws.iam.RolePolicyAttachment(
                    f"{name}-{suffix}",
                    role=self.role.name,
                    policy_arn=partition.apply(
                        functools.partial(validation.check_policy_arn, "additional_policy_arns", arn)
                    ),
                    opts=child,
                )
            )
        dependencies: list[pulumi.Output[Any]] = [attachment.id for attachment in attachments]

        if args.get("cloudwatch_logging", False):
            given = args.get("cloudwatch_log_group_prefix")
            prefix = None if given is None else _checked(given, lambda p: validation.check_log_group_prefix(p, True))
            logging_policy = aws.iam.RolePolicy(
                f"{name}-cloudwatch-logging",
                role=self.role.name,
                name=policies.CLOUDWATCH_LOGGING_POLICY_NAME,
                policy=pulumi.Output.all(partition, account_id, prefix).apply(
                    lambda v: policies.to_json(policies.cloudwatch_logging_policy(v[0], v[1], v[2]))
                ),
                opts=child,
            )
            dependencies.append(logging_policy.id)

        self.role_name = self.role.name
        # A Fargate profile created from this ARN must not race the attachments, so it waits for them.
        self.role_arn = pulumi.Output.all(self.role.arn, *dependencies).apply(lambda v: v[0])
        self.source_arns = trust_inputs.apply(lambda v: policies.fargate_profile_source_arns(*v))
        self.policy_arns = pulumi.Output.all(*[attachment.policy_arn for attachment in attachments])
        self.register_outputs(
            {
                "role_arn": self.role_arn,
                "role_name": self.role_name,
                "source_arns": self.source_arns,
                "policy_arns": self.policy_arns,
            }
        )

    def _checked_partition(self, partition: str) -> str:
        for warning in validation.check_partition(partition):
            pulumi.log.warn(warning, resource=self)
        return partition
