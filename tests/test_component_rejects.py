"""Bad input to `FargatePodExecutionRole`: rejected before registration when known, at deployment otherwise."""

import re
from typing import Any

import pulumi
import pytest

from components import InputError
from tests.component_runs import ATTACHMENT, INLINE, MANAGED_ARN, ROLE, build
from tests.harness import MockRuntime


def input_error_in(error: BaseException | None) -> InputError:
    while error is not None and not isinstance(error, InputError):
        error = error.__cause__ or error.__context__
    assert error is not None, "no InputError in the exception chain"
    return error


@pytest.mark.parametrize(
    ("args", "setting"),
    [
        ({"cluster_names": []}, "cluster_names"),
        ({"cluster_names": "prod"}, "cluster_names"),
        ({"cluster_names": ["prod"], "cluster_regions": ["eu-west-1", "cn-north-1"]}, "cluster_regions"),
        ({"cluster_names": ["prod"], "role_name": "r" * 65}, "role_name"),
        ({"cluster_names": ["prod"], "account_id": "42"}, "account_id"),
        ({"cluster_names": ["prod"], "tags": {"aws:x": "y"}}, "tags"),
        ({"cluster_names": ["prod"], "cloudwatch_log_group_prefix": "/eks"}, "cloudwatch_log_group_prefix"),
        ({"cluster_names": ["prod"], "permissions_boundary_arn": "boundary"}, "permissions_boundary_arn"),
        ({"cluster_names": ["prod"], "description": "x" * 1001}, "description"),
    ],
)
def test_bad_input_registers_nothing(runtime: MockRuntime, args: Any, setting: str) -> None:
    with pytest.raises(InputError) as caught:
        build(runtime, args)
    assert caught.value.setting == setting
    assert runtime.mocks.resources == []
    assert runtime.mocks.calls == []


def test_resource_name_too_long_for_auto_naming(runtime: MockRuntime) -> None:
    with pytest.raises(InputError, match=r"^name: "):
        build(runtime, {"cluster_names": ["prod"]}, name="n" * 57)
    assert runtime.mocks.resources == []
    # With an explicit role name the resource name is free.
    build(runtime, {"cluster_names": ["prod"], "role_name": "short"}, name="n" * 57)


@pytest.mark.parametrize(
    ("args", "fragment", "blocked"),
    [
        ({"cluster_names": [pulumi.Output.from_input("-bad")]}, "cluster_names: '-bad'", ROLE),
        ({"cluster_names": ["prod"], "role_name": pulumi.Output.from_input("r" * 65)}, "role_name:", ROLE),
        ({"cluster_names": ["prod"], "account_id": pulumi.Output.from_input("42")}, "account_id:", ROLE),
        (
            {"cluster_names": ["prod"], "cluster_regions": [pulumi.Output.from_input("moon-1")]},
            "cluster_regions:",
            ROLE,
        ),
        (
            {"cluster_names": ["prod"], "cluster_regions": ["cn-north-1"]},
            "cluster_regions: 'cn-north-1' is in partition",
            ROLE,
        ),
        (
            {"cluster_names": ["prod"], "permissions_boundary_arn": "arn:aws-cn:iam::aws:policy/B"},
            "permissions_boundary_arn: 'arn:aws-cn:iam::aws:policy/B' is in partition",
            ROLE,
        ),
        (
            {"cluster_names": ["prod"], "additional_policy_arns": ["arn:aws-cn:iam::aws:policy/B"]},
            "additional_policy_arns: 'arn:aws-cn:iam::aws:policy/B' is in partition",
            ATTACHMENT,
        ),
        ({"cluster_names": ["prod"], "tags": {"team": pulumi.Output.from_input("bad#")}}, "tags: ", ROLE),
        (
            {
                "cluster_names": ["prod"],
                "cloudwatch_logging": True,
                "cloudwatch_log_group_prefix": pulumi.Output.from_input("/eks/*"),
            },
            "cloudwatch_log_group_prefix: '/eks/*' is not a log group name prefix",
            INLINE,
        ),
    ],
)
def test_values_known_only_at_deployment_are_checked_then(
    runtime: MockRuntime, args: Any, fragment: str, blocked: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)) as caught:
        build(runtime, args)
    # The SDK wraps it once per resource and input it passed through; the cause is our named error.
    assert str(input_error_in(caught.value)).startswith(fragment)
    # The resource that would have carried the bad value was never sent to the provider.
    registered = runtime.mocks.of_type(blocked)
    if blocked == ATTACHMENT:
        assert [r.inputs["policyArn"] for r in registered] in ([], [MANAGED_ARN])
    else:
        assert registered == []
