"""The two gates every input of the component passes, built from the rules in `validation`.

At construction, `check_known_args` checks every value already known, before any resource is registered.
At deployment, `checked_trust_policy` checks the resolved values the trust policy is made of; the role
waits for it, and every other resource waits for the role.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from components import policies
from components.validation import (
    TRUST_POLICY_MAX,
    UNKNOWN,
    InputError,
    check_account_id,
    check_additional_policy_arns,
    check_autonamed_resource_name,
    check_cluster_names,
    check_cluster_regions,
    check_description,
    check_log_group_prefix,
    check_policy_arn,
    check_policy_size,
    check_regions_in_partition,
    check_role_name,
    check_tags,
    implied_partition,
    is_known,
)


def checked_trust_policy(
    partition: str, account_id: str, cluster_names: object, regions: object
) -> policies.PolicyDocument:
    """The trust policy for resolved values, every rule checked (the deployment-time gate)."""
    names = check_cluster_names(cluster_names)
    region_list = check_cluster_regions(regions)
    check_regions_in_partition(region_list, partition)
    document = policies.trust_policy(partition, check_account_id(account_id), names, region_list)
    _check_trust_policy_size(document, len(names), len(region_list))
    return document


def _check_trust_policy_size(document: policies.PolicyDocument, clusters: int, regions: int) -> None:
    check_policy_size(
        "cluster_names",
        document,
        TRUST_POLICY_MAX,
        f"trust policy for {clusters} cluster(s) x {regions} region(s); use fewer, or '*'",
    )


def _lower_bound(value: Any, placeholder: str) -> str:
    return value if is_known(value) else placeholder


def check_known_trust_policy_size(cluster_names: Sequence[Any], regions: Sequence[Any] | None, account_id: Any) -> None:
    """Reject at construction a trust policy that is too large whatever the unknown values turn out to be.

    Unknowns take their shortest possible form (a one-character name, the `aws` partition), so this never
    rejects a valid input; the exact check runs again once every value is resolved.
    """
    known_regions = [_lower_bound(r, policies.WILDCARD) for r in regions or [policies.WILDCARD]]
    document = policies.trust_policy(
        implied_partition(known_regions) or "aws",
        _lower_bound(account_id, "0" * 12),
        [_lower_bound(name, "x") for name in cluster_names],
        known_regions,
    )
    _check_trust_policy_size(document, len(cluster_names), len(known_regions))


ARG_NAMES = (
    "cluster_names",
    "cluster_regions",
    "account_id",
    "role_name",
    "description",
    "permissions_boundary_arn",
    "additional_policy_arns",
    "cloudwatch_logging",
    "cloudwatch_log_group_prefix",
    "tags",
)


def checked_tags(default_tags: Mapping[str, str], tags: object) -> dict[str, str]:
    """The caller's tags over the defaults that identify the project and stack, checked as the set IAM sees."""
    # A non-map is passed on as it is, for `check_tags` to reject by name.
    return check_tags({**default_tags, **tags} if isinstance(tags, Mapping) else tags)


def check_known_args(
    resource_name: str,
    args: Mapping[str, Any],
    default_tags: Mapping[str, str],
    provider_partition: str | None = None,
) -> None:
    """Every construction-time check, on arguments whose output values were replaced by `UNKNOWN`.

    `provider_partition`, when the caller knows it (a stack's `aws:region` tells it), is checked against the
    regions and ARNs before anything exists instead of once the provider answers.
    """
    unexpected = sorted(set(args) - set(ARG_NAMES))
    if unexpected:
        raise InputError(unexpected[0], f"is not an argument; expected one of {', '.join(ARG_NAMES)}")
    if "cluster_names" not in args:
        raise InputError("cluster_names", "is required: the clusters whose Fargate profiles may assume the role")

    names = args["cluster_names"]
    names = check_cluster_names(names) if is_known(names) else None
    regions = args.get("cluster_regions")
    if regions is not None and is_known(regions):
        regions = check_cluster_regions(regions)
    partition = implied_partition(regions) if isinstance(regions, list) else None
    if provider_partition is not None:
        if partition is not None and partition != provider_partition:
            raise InputError(
                "cluster_regions",
                f"regions are in partition {partition!r}, but the AWS provider's region is in {provider_partition!r}",
            )
        partition = provider_partition

    account_id = args.get("account_id", UNKNOWN)
    if account_id is not None and is_known(account_id):
        check_account_id(account_id)
    role_name = args.get("role_name")
    if role_name is None:
        check_autonamed_resource_name(resource_name)
    elif is_known(role_name):
        check_role_name(role_name)
    if args.get("description") is not None and is_known(args["description"]):
        check_description(args["description"])
    boundary = args.get("permissions_boundary_arn")
    if boundary is not None and is_known(boundary):
        check_policy_arn("permissions_boundary_arn", boundary, partition)
    additional = args.get("additional_policy_arns", [])
    if not is_known(additional):
        raise InputError("additional_policy_arns", "must be a list known when the component is built")
    check_additional_policy_arns(additional, partition)

    logging_enabled = args.get("cloudwatch_logging", False)
    if not isinstance(logging_enabled, bool):
        raise InputError("cloudwatch_logging", f"must be true or false, got {logging_enabled!r}")
    prefix = args.get("cloudwatch_log_group_prefix")
    if prefix is not None and is_known(prefix):
        check_log_group_prefix(prefix, logging_enabled)

    tags = args.get("tags", {})
    if is_known(tags):
        checked_tags(default_tags, tags)

    if names is not None and (regions is None or isinstance(regions, list)):
        check_known_trust_policy_size(names, regions, account_id if account_id is not None else UNKNOWN)
