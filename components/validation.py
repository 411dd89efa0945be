"""The rules for each input of the pod execution role: IAM and EKS limits, as pure functions.

Every check raises `InputError` naming the offending setting. `gates` runs them on the values known at
construction (before any resource is registered) and again, at deployment, on inputs that were outputs
of other resources. `UNKNOWN` stands for such a value.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from components import policies


class InputError(ValueError):
    """A setting that IAM, EKS or Fargate would reject (or that makes no sense), named."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting
        self.message = message


class _Unknown:
    """A value that is only known at deployment time (a Pulumi output)."""

    def __repr__(self) -> str:
        return "<unknown until deployment>"


UNKNOWN: Any = _Unknown()

# IAM and EKS limits (IAM quotas are the defaults; raising them is an AWS support request).
ROLE_NAME_MAX = 64
ROLE_NAME_PATTERN = re.compile(r"[A-Za-z0-9_+=,.@-]+")
AUTONAME_SUFFIX_LENGTH = 8  # Pulumi appends "-" and seven random hex characters.
DESCRIPTION_MAX = 1000
DESCRIPTION_PATTERN = re.compile(r"[\t\n\r\x20-\x7e\xa1-\xff]*")
TAGS_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
TAG_PUNCTUATION = set("_.:/=+-@")
# The ASCII members of what `_is_tag_character` allows: Unicode letters (L), numbers (N) and separators (Z).
ASCII_TAG_TEXT = re.compile(r"[A-Za-z0-9 _.:/=+\-@]*")
TRUST_POLICY_MAX = 2048
MANAGED_POLICIES_MAX = 10
CLUSTER_NAME_MAX = 100
CLUSTER_NAME_PATTERN = re.compile(r"[0-9A-Za-z][A-Za-z0-9_-]*")
REGION_PATTERN = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d{1,2}")
ACCOUNT_ID_PATTERN = re.compile(r"\d{12}")
PARTITION_PATTERN = re.compile(r"aws(-[a-z]+)*")
POLICY_ARN_PATTERN = re.compile(
    r"arn:(?P<partition>aws(?:-[a-z]+)*):iam::(?P<account>aws|\d{12}):policy/"
    r"(?P<path>(?:[!-.0-~]+/)*)(?P<name>[A-Za-z0-9_+=,.@-]{1,128})"
)
LOG_GROUP_PREFIX_PATTERN = re.compile(r"[.\-_/#A-Za-z0-9]{1,511}")

# Region-name prefixes of the partitions other than `aws`; every other region is in `aws`.
_REGION_PREFIX_PARTITIONS = (
    ("us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
)
FARGATE_PARTITIONS = ("aws", "aws-cn")


def is_known(value: object) -> bool:
    return value is not UNKNOWN


def region_partition(region: str) -> str:
    """The partition a region belongs to, from its name."""
    for prefix, partition in _REGION_PREFIX_PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


def _require_str(setting: str, value: object) -> str:
    if not isinstance(value, str):
        raise InputError(setting, f"must be a string, got {type(value).__name__} {value!r}")
    return value


def _require_list(setting: str, value: object, what: str) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputError(setting, f"must be a list of {what}, got {type(value).__name__} {value!r}")
    return list(value)


def _check_wildcard_list(setting: str, values: list[Any], what: str) -> None:
    if not values:
        raise InputError(setting, f"must name at least one {what} (or '*' for any)")
    known = [value for value in values if is_known(value)]
    for value in known:
        _require_str(setting, value)
    if policies.WILDCARD in known and len(values) > 1:
        raise InputError(setting, f"'*' means every {what} and must stand alone, got {values!r}")
    duplicates = sorted({value for value in known if known.count(value) > 1})
    if duplicates:
        raise InputError(setting, f"lists {duplicates!r} more than once")


def check_cluster_names(values: object) -> list[Any]:
    """EKS cluster names: 1-100 characters, `^[0-9A-Za-z][A-Za-z0-9_-]*$`, or `*` alone."""
    names = _require_list("cluster_names", values, "EKS cluster names")
    _check_wildcard_list("cluster_names", names, "cluster")
    for name in names:
        if not is_known(name) or name == policies.WILDCARD:
            continue
        if len(name) > CLUSTER_NAME_MAX:
            raise InputError(
                "cluster_names", f"{name[:20]!r}... is {len(name)} characters; EKS allows {CLUSTER_NAME_MAX}"
            )
        if not CLUSTER_NAME_PATTERN.fullmatch(name):
            raise InputError(
                "cluster_names",
                f"{name!r} is not an EKS cluster name (a letter or digit, then letters, digits, '-' or '_')",
            )
    return names


def check_cluster_regions(values: object) -> list[Any]:
    """Region names such as `eu-west-1`, all in one partition, or `*` alone."""
    regions = _require_list("cluster_regions", values, "AWS regions")
    _check_wildcard_list("cluster_regions", regions, "region")
    for region in regions:
        if is_known(region) and region != policies.WILDCARD and not REGION_PATTERN.fullmatch(region):
            raise InputError("cluster_regions", f"{region!r} is not an AWS region name (e.g. 'eu-west-1')")
    partitions = sorted({region_partition(r) for r in regions if is_known(r) and r != policies.WILDCARD})
    if len(partitions) > 1:
        raise InputError("cluster_regions", f"regions span partitions {partitions}; one role lives in one partition")
    return regions


def implied_partition(regions: Sequence[Any]) -> str | None:
    """The partition named regions imply, if any."""
    named = [r for r in regions if is_known(r) and r != policies.WILDCARD]
    return region_partition(named[0]) if named else None


def check_account_id(value: object) -> str:
    account_id = _require_str("account_id", value)
    if not ACCOUNT_ID_PATTERN.fullmatch(account_id):
        hint = " (an unquoted number in YAML loses leading zeros: quote it)" if account_id.isdigit() else ""
        raise InputError("account_id", f"{account_id!r} is not a 12-digit AWS account ID{hint}")
    return account_id


def check_role_name(value: object) -> str:
    name = _require_str("role_name", value)
    if not 1 <= len(name) <= ROLE_NAME_MAX:
        raise InputError("role_name", f"must be 1-{ROLE_NAME_MAX} characters, got {len(name)}")
    if not ROLE_NAME_PATTERN.fullmatch(name):
        raise InputError("role_name", f"{name!r} may hold only ASCII letters, digits and '+=,.@_-'")
    return name


def check_autonamed_resource_name(resource_name: str) -> None:
    """Without `role_name`, Pulumi names the role `<resource name>-<7 hex>`: that must fit IAM's limit."""
    limit = ROLE_NAME_MAX - AUTONAME_SUFFIX_LENGTH
    if len(resource_name) > limit:
        raise InputError(
            "name",
            f"resource name {resource_name!r} is {len(resource_name)} characters; the auto-named role would "
            f"exceed IAM's {ROLE_NAME_MAX}. Use at most {limit} characters or set role_name",
        )
    if not ROLE_NAME_PATTERN.fullmatch(resource_name):
        raise InputError(
            "name",
            f"resource name {resource_name!r} would name the role, and IAM role names may hold only ASCII "
            "letters, digits and '+=,.@_-'; rename it or set role_name",
        )


def check_description(value: object) -> str:
    description = _require_str("description", value)
    if len(description) > DESCRIPTION_MAX:
        raise InputError("description", f"is {len(description)} characters; IAM allows {DESCRIPTION_MAX}")
    if not DESCRIPTION_PATTERN.fullmatch(description):
        bad = next(c for c in description if not DESCRIPTION_PATTERN.fullmatch(c))
        raise InputError("description", f"contains {bad!r}; IAM allows only Latin-1 printable characters")
    return description


def parse_policy_arn(setting: str, value: object) -> re.Match[str]:
    arn = _require_str(setting, value)
    match = POLICY_ARN_PATTERN.fullmatch(arn)
    if match is None:
        raise InputError(
            setting,
            f"{arn!r} is not an IAM policy ARN (arn:<partition>:iam::<account or 'aws'>:policy/<path/><name>)",
        )
    return match


def check_policy_arn(setting: str, value: object, partition: str | None) -> str:
    """A well-formed policy ARN, in `partition` when that is known."""
    match = parse_policy_arn(setting, value)
    if partition is not None and match["partition"] != partition:
        raise InputError(setting, f"{match.string!r} is in partition {match['partition']!r}, the role in {partition!r}")
    return match.string


def check_additional_policy_arns(values: object, partition: str | None) -> list[str]:
    arns = _require_list("additional_policy_arns", values, "IAM policy ARNs")
    limit = MANAGED_POLICIES_MAX - 1  # the Fargate managed policy always takes one place
    if len(arns) > limit:
        raise InputError(
            "additional_policy_arns",
            f"{len(arns)} policies plus {policies.MANAGED_POLICY_NAME} exceed IAM's {MANAGED_POLICIES_MAX} "
            "managed policies per role",
        )
    for arn in arns:
        if not is_known(arn):
            raise InputError(
                "additional_policy_arns",
                "every ARN must be known when the component is built (it names the attachment); "
                "attach policies created in the same program with your own RolePolicyAttachment",
            )
    matches = [parse_policy_arn("additional_policy_arns", arn) for arn in arns]
    for match in matches:
        check_policy_arn("additional_policy_arns", match.string, partition)
        if match["account"] == "aws" and match["name"] == policies.MANAGED_POLICY_NAME:
            raise InputError("additional_policy_arns", f"{match.string!r} is always attached; remove it")
    duplicates = sorted({arn for arn in arns if arns.count(arn) > 1})
    if duplicates:
        raise InputError("additional_policy_arns", f"lists {duplicates!r} more than once")
    partitions = sorted({m["partition"] for m in matches})
    if len(partitions) > 1:
        raise InputError("additional_policy_arns", f"ARNs span partitions {partitions}")
    return arns


def check_log_group_prefix(value: object, logging_enabled: bool) -> str:
    prefix = _require_str("cloudwatch_log_group_prefix", value)
    if not logging_enabled:
        raise InputError(
            "cloudwatch_log_group_prefix", "scopes CloudWatch logging, which is off: set cloudwatch_logging"
        )
    if not LOG_GROUP_PREFIX_PATTERN.fullmatch(prefix):
        raise InputError(
            "cloudwatch_log_group_prefix",
            f"{prefix!r} is not a log group name prefix (1-511 of letters, digits and '._-/#')",
        )
    return prefix


def _is_tag_character(char: str) -> bool:
    return char in TAG_PUNCTUATION or unicodedata.category(char)[0] in "LZN"


def _first_bad_tag_character(text: str) -> str | None:
    if ASCII_TAG_TEXT.fullmatch(text):  # the common case, decided without a per-character lookup
        return None
    return next((char for char in text if not _is_tag_character(char)), None)


def check_tags(tags: object) -> dict[str, str]:
    """IAM tag rules, applied to the final (merged) tag set."""
    if not isinstance(tags, Mapping):
        raise InputError("tags", f"must be a map of tag keys to values, got {type(tags).__name__}")
    if len(tags) > TAGS_MAX:
        raise InputError("tags", f"{len(tags)} tags (with the defaults) exceed IAM's {TAGS_MAX}")
    for key, value in tags.items():
        if not is_known(value):
            value = ""  # resolved later; the key is checked now
        if not isinstance(key, str) or not isinstance(value, str):
            raise InputError("tags", f"{key!r}: keys and values must be strings, got {value!r}")
        if not 1 <= len(key) <= TAG_KEY_MAX:
            raise InputError("tags", f"key {key[:20]!r} must be 1-{TAG_KEY_MAX} characters, got {len(key)}")
        if key.lower().startswith("aws:"):
            raise InputError("tags", f"key {key!r}: the 'aws:' prefix is reserved for AWS")
        if len(value) > TAG_VALUE_MAX:
            raise InputError("tags", f"value of {key!r} is {len(value)} characters; IAM allows {TAG_VALUE_MAX}")
        for text, what in ((key, "key"), (value, "value")):
            bad = _first_bad_tag_character(text)
            if bad is not None:
                raise InputError(
                    "tags", f"{what} {text!r} contains {bad!r}; IAM allows letters, digits, spaces and '_.:/=+-@'"
                )
    return dict(tags)


def check_partition(partition: str) -> list[str]:
    """Warnings (not errors) for a partition the role can be created in but Fargate will not use."""
    if not PARTITION_PATTERN.fullmatch(partition):
        raise InputError("partition", f"the AWS provider reported {partition!r}, which is not a partition name")
    if partition in FARGATE_PARTITIONS:
        return []
    return [
        f"partition {partition!r}: EKS on Fargate is not offered there today; the role is created, "
        "but no Fargate profile will use it"
    ]


def check_regions_in_partition(regions: Sequence[str], partition: str) -> None:
    for region in regions:
        if region != policies.WILDCARD and region_partition(region) != partition:
            raise InputError(
                "cluster_regions",
                f"{region!r} is in partition {region_partition(region)!r}, but the AWS provider is in {partition!r}",
            )


def check_policy_size(setting: str, document: policies.PolicyDocument, limit: int, what: str) -> None:
    size = policies.policy_size(document)
    if size > limit:
        raise InputError(setting, f"the {what} would be {size} characters, over IAM's quota of {limit}")
