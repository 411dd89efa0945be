"""The real `__main__.py` on the mock runtime, fed the shipped stack files as `pulumi up` would."""

import json

import pytest
import yaml

from components.stack_config import CONFIG_KEYS, NAMESPACE, read_stack_settings
from components.validation import InputError
from tests.harness import PROJECT_DIR, MockRuntime, config_value, iter_stack_names, stack_config

EXPORTS = {"podExecutionRoleArn", "podExecutionRoleName", "trustedSourceArns", "attachedPolicyArns"}
ROLE = "aws:iam/role:Role"


def key(name: str) -> str:
    return f"{NAMESPACE}:{name}"


def test_every_shipped_stack_runs() -> None:
    stacks = list(iter_stack_names())
    assert {"dev", "prod"} <= set(stacks)
    for stack in stacks:
        with MockRuntime(stack=stack) as runtime:
            exports = runtime.run_program(stack_config(stack))
            assert set(exports) == EXPORTS, stack
            assert exports["podExecutionRoleArn"].startswith("arn:aws:iam::"), stack


def test_dev_stack(runtime: MockRuntime) -> None:
    exports = runtime.run_program(stack_config("dev"))
    role = runtime.mocks.one(ROLE).inputs
    assert "name" not in role
    assert json.loads(role["assumeRolePolicy"])["Statement"][0]["Condition"] == {
        "ArnLike": {"aws:SourceArn": "arn:aws:eks:eu-west-1:123456789012:fargateprofile/dev-platform/*"}
    }
    assert role["tags"]["environment"] == "dev"
    inline = json.loads(runtime.mocks.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert inline["Statement"][0]["Resource"] == [
        "arn:aws:logs:*:123456789012:log-group:/aws/eks/dev-platform/*",
        "arn:aws:logs:*:123456789012:log-group:/aws/eks/dev-platform/*:log-stream:*",
    ]
    assert exports["podExecutionRoleName"] == "pod-execution-role-a1b2c3d"
    # The region comes from the stack's aws:region, so the only invokes are partition and caller identity.
    assert sorted(runtime.mocks.tokens()) == [
        "aws:index/getCallerIdentity:getCallerIdentity",
        "aws:index/getPartition:getPartition",
    ]


def test_prod_stack(runtime: MockRuntime) -> None:
    exports = runtime.run_program(stack_config("prod"))
    role = runtime.mocks.one(ROLE).inputs
    assert role["name"] == "prod-eks-fargate-pod-execution"
    assert role["permissionsBoundary"] == "arn:aws:iam::210987654321:policy/platform/workload-boundary"
    assert role["tags"]["cost-center"] == "4410"
    assert exports["trustedSourceArns"] == [
        f"arn:aws:eks:{region}:210987654321:fargateprofile/{cluster}/*"
        for cluster in ("prod-platform", "prod-batch")
        for region in ("eu-west-1", "eu-central-1")
    ]
    # accountId set and regions explicit: nothing but the partition is asked of the provider.
    assert runtime.mocks.tokens() == ["aws:index/getPartition:getPartition"]


def test_prod_protects_the_role_dev_does_not() -> None:
    assert read_stack_settings(stack_config("prod")).protect is True
    assert read_stack_settings(stack_config("dev")).protect is False


def test_empty_optional_values_mean_unset() -> None:
    settings = read_stack_settings({key("clusterNames"): '["a"]', key("roleName"): "", key("clusterRegions"): "[]"})
    assert settings.args == {"cluster_names": ["a"]}
    assert read_stack_settings({key("clusterNames"): '["a"]'}, aws_region="eu-west-2").args["cluster_regions"] == [
        "eu-west-2"
    ]


def test_other_namespaces_are_left_alone() -> None:
    settings = read_stack_settings({key("clusterNames"): '["a"]', "aws:region": "eu-west-1", "aws:profile": "x"})
    assert settings.args == {"cluster_names": ["a"]}


def test_errors_are_input_errors_with_the_full_key() -> None:
    with pytest.raises(InputError) as caught:
        read_stack_settings({key("clusterNames"): '["-a"]'})
    assert caught.value.setting == key("clusterNames")


# The schema in Pulumi.yaml, the program's keys and the README's table must agree.
PROJECT_FILE = yaml.safe_load((PROJECT_DIR / "Pulumi.yaml").read_text())


def test_pulumi_yaml_declares_every_typeable_key_with_type_and_description() -> None:
    declared = PROJECT_FILE["config"]
    assert set(declared) == set(CONFIG_KEYS) - {"tags"}  # a map cannot be typed in project config
    for name, declaration in declared.items():
        assert declaration["type"] in {"string", "integer", "boolean", "array"}, name
        assert declaration["description"].strip(), name
        if declaration["type"] == "array":
            assert declaration["items"] == {"type": "string"}, name
        if name != "clusterNames":
            assert "default" in declaration, f"{name} is optional and needs a default, or the CLI requires it"
    assert "default" not in declared["clusterNames"]
    assert PROJECT_FILE["name"] == NAMESPACE
    assert PROJECT_FILE["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}}


def test_defaults_in_pulumi_yaml_parse_and_mean_unset() -> None:
    config = {key(name): config_value(d["default"]) for name, d in PROJECT_FILE["config"].items() if "default" in d}
    settings = read_stack_settings({**config, key("clusterNames"): '["a"]'})
    assert settings.args == {"cluster_names": ["a"], "cloudwatch_logging": False}
    assert settings.protect is False


def test_readme_config_table_lists_every_key() -> None:
    readme = (PROJECT_DIR / "README.md").read_text()
    for name in CONFIG_KEYS:
        assert f"| `{name}` |" in readme, name
    for export in EXPORTS:
        assert f"`{export}`" in readme, export
