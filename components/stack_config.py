"""The program's stack configuration mapped to `FargatePodExecutionRoleArgs`, as a pure function.

Pulumi hands a program its configuration as strings (structured values JSON-encoded); this module types
them, rejects unknown keys, and re-labels every rule violation with the config key the user wrote.
"""

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from components.gates import check_known_args
from components.pod_execution_role import FargatePodExecutionRoleArgs
from components.validation import InputError, region_partition

NAMESPACE = "fargate-pod-execution-role"
RESOURCE_NAME = "pod-execution-role"


def _as_string(key: str, raw: str) -> str:
    return raw


def _as_bool(key: str, raw: str) -> bool:
    if raw not in ("true", "false"):
        raise InputError(key, f"must be true or false, got {raw!r}")
    return raw == "true"


def _decode(key: str, raw: str, expected: type, example: str) -> Any:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if not isinstance(value, expected):
        raise InputError(key, f"must be a {expected.__name__} (YAML: {example}), got {raw!r}")
    return value


def _as_string_list(key: str, raw: str) -> list[str]:
    values: list[str] = _decode(key, raw, list, "[a, b]")
    for value in values:
        if not isinstance(value, str):
            raise InputError(key, f"every element must be a string (quote it in YAML), got {value!r}")
    return values


def _as_string_map(key: str, raw: str) -> dict[str, str]:
    values: dict[str, str] = _decode(key, raw, dict, "{team: platform}")
    for name, value in values.items():
        if not isinstance(value, str):
            raise InputError(key, f"value of {name!r} must be a string (quote it in YAML), got {value!r}")
    return values


@dataclass(frozen=True)
class ConfigKey:
    arg: str | None  # the component argument it sets; None for program options
    parse: Callable[[str, str], Any]


CONFIG_KEYS: dict[str, ConfigKey] = {
    "clusterNames": ConfigKey("cluster_names", _as_string_list),
    "clusterRegions": ConfigKey("cluster_regions", _as_string_list),
    "roleName": ConfigKey("role_name", _as_string),
    "description": ConfigKey("description", _as_string),
    "permissionsBoundaryArn": ConfigKey("permissions_boundary_arn", _as_string),
    "additionalPolicyArns": ConfigKey("additional_policy_arns", _as_string_list),
    "cloudWatchLogging": ConfigKey("cloudwatch_logging", _as_bool),
    "cloudWatchLogGroupPrefix": ConfigKey("cloudwatch_log_group_prefix", _as_string),
    "tags": ConfigKey("tags", _as_string_map),
    "accountId": ConfigKey("account_id", _as_string),
    "protect": ConfigKey(None, _as_bool),
}
_KEY_OF_ARG = {spec.arg: f"{NAMESPACE}:{key}" for key, spec in CONFIG_KEYS.items() if spec.arg is not None}
# Optional keys declare a neutral default in Pulumi.yaml (the CLI treats a key without one as required):
# an empty string or list there means "not set".
_UNSET_VALUES: tuple[Any, ...] = ("", [])


@dataclass(frozen=True)
class StackSettings:
    args: FargatePodExecutionRoleArgs
    protect: bool


def _unknown_key_error(full_key: str, key: str) -> InputError:
    lowered = {known.lower(): known for known in CONFIG_KEYS}
    guess = lowered.get(key.lower()) or next(iter(difflib.get_close_matches(key, CONFIG_KEYS, n=1, cutoff=0.6)), None)
    hint = f"; did you mean {NAMESPACE}:{guess}?" if guess else f"; known keys: {', '.join(CONFIG_KEYS)}"
    return InputError(full_key, f"is not a setting of this program{hint}")


def read_stack_settings(
    config: Mapping[str, str], aws_region: str | None = None, default_tags: Mapping[str, str] | None = None
) -> StackSettings:
    """Typed, checked settings from the stack's raw config (every namespace; others are ignored).

    `aws_region` (the stack's `aws:region`) is the default for `clusterRegions`; `default_tags` are the
    component's own, which count toward IAM's tag limit.
    """
    values: dict[str, Any] = {}
    for full_key, raw in config.items():
        namespace, _, key = full_key.partition(":")
        if namespace != NAMESPACE:
            continue
        if key not in CONFIG_KEYS:
            raise _unknown_key_error(full_key, key)
        value = CONFIG_KEYS[key].parse(full_key, raw)
        if value not in _UNSET_VALUES or key == "clusterNames":
            values[key] = value

    if "clusterNames" not in values:
        raise InputError(
            f"{NAMESPACE}:clusterNames", "is required: the EKS clusters whose Fargate profiles use the role"
        )
    if "clusterRegions" not in values and aws_region:
        values["clusterRegions"] = [aws_region]
    args: dict[str, Any] = {}
    for key, value in values.items():
        arg = CONFIG_KEYS[key].arg
        if arg is not None:
            args[arg] = value
    try:
        check_known_args(
            RESOURCE_NAME,
            args,
            default_tags=default_tags or {},
            provider_partition=region_partition(aws_region) if aws_region else None,
        )
    except InputError as error:
        raise InputError(_KEY_OF_ARG.get(error.setting, error.setting), error.message) from None
    return StackSettings(args=cast(FargatePodExecutionRoleArgs, args), protect=values.get("protect", False))
