"""The component as a multi-language package: its inferred schema, and construction through the provider."""

import json
from typing import Any

import pulumi
import pytest
from pulumi.provider.experimental.component import ComponentProvider

from components import TYPE_TOKEN, FargatePodExecutionRole, FargatePodExecutionRoleArgs
from components.pod_execution_role import PACKAGE_NAME
from tests.harness import PROJECT_DIR, MockRuntime


@pytest.fixture(scope="module")
def provider() -> ComponentProvider:
    return ComponentProvider([FargatePodExecutionRole], PACKAGE_NAME, version="0.1.0")


@pytest.fixture(scope="module")
def resource_schema(provider: ComponentProvider) -> dict[str, Any]:
    assert provider.schema is not None
    schema = json.loads(provider.schema)
    assert schema["name"] == PACKAGE_NAME
    assert [dependency["name"] for dependency in schema["dependencies"]] == ["aws"]
    resource: dict[str, Any] = schema["resources"][TYPE_TOKEN]
    return resource


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def test_the_type_token() -> None:
    assert TYPE_TOKEN == "fargate-pod-execution-role:index:FargatePodExecutionRole"


def test_every_input_with_its_type_and_description(resource_schema: dict[str, Any]) -> None:
    inputs = resource_schema["inputProperties"]
    expected = {
        "clusterNames": ("array", "string"),
        "clusterRegions": ("array", "string"),
        "accountId": ("string", None),
        "roleName": ("string", None),
        "description": ("string", None),
        "permissionsBoundaryArn": ("string", None),
        "additionalPolicyArns": ("array", "string"),
        "cloudwatchLogging": ("boolean", None),
        "cloudwatchLogGroupPrefix": ("string", None),
        "tags": ("object", None),
    }
    assert {name: (p["type"], p.get("items", {}).get("type")) for name, p in inputs.items()} == expected
    assert inputs["tags"]["additionalProperties"]["type"] == "string"
    # Every input of the Python API, described by its docstring.
    assert set(inputs) == {_camel(name) for name in FargatePodExecutionRoleArgs.__annotations__}
    for name, prop in inputs.items():
        assert len(prop["description"]) > 20, name


def test_only_cluster_names_is_required(resource_schema: dict[str, Any]) -> None:
    assert resource_schema["requiredInputs"] == ["clusterNames"]
    assert set(FargatePodExecutionRoleArgs.__required_keys__) == {"cluster_names"}


def test_the_outputs(resource_schema: dict[str, Any]) -> None:
    outputs = resource_schema["properties"]
    assert outputs["role"]["$ref"].endswith("#/resources/aws:iam%2Frole:Role")
    assert outputs["roleArn"]["type"] == outputs["roleName"]["type"] == "string"
    assert outputs["sourceArns"]["items"]["type"] == outputs["policyArns"]["items"]["type"] == "string"
    assert sorted(resource_schema["required"]) == ["policyArns", "role", "roleArn", "roleName", "sourceArns"]
    assert all(prop["description"] for prop in outputs.values())


def _children(runtime: MockRuntime) -> list[tuple[str, str, str]]:
    return sorted((r.typ, r.name, json.dumps(r.inputs, sort_keys=True)) for r in runtime.mocks.resources)


ARGS: FargatePodExecutionRoleArgs = {
    "cluster_names": ["prod", "batch"],
    "cluster_regions": ["eu-west-1"],
    "additional_policy_arns": ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"],
    "cloudwatch_logging": True,
    "cloudwatch_log_group_prefix": "/eks/",
    "tags": {"team": "platform"},
}


def test_construct_through_the_provider_makes_what_the_python_api_makes(provider: ComponentProvider) -> None:
    with MockRuntime() as direct:
        arn = direct.run(lambda: FargatePodExecutionRole("per", ARGS).role_arn)
    with MockRuntime() as through_provider:
        inputs = {_camel(name): value for name, value in ARGS.items()}

        def construct() -> Any:
            result = provider.construct("per", TYPE_TOKEN, inputs, pulumi.ResourceOptions())
            return {"urn": result.urn, "state": result.state}

        constructed = through_provider.run(construct)
    assert _children(through_provider) == _children(direct)
    assert constructed["state"]["roleArn"] == arn
    assert f"{TYPE_TOKEN}::per" in constructed["urn"]


def test_the_plugin_entry_point_hosts_this_component() -> None:
    entry = (PROJECT_DIR / "provider" / "__main__.py").read_text()
    assert "component_provider_host(name=PACKAGE_NAME, components=[FargatePodExecutionRole]" in entry
    assert (PROJECT_DIR / "provider" / "PulumiPlugin.yaml").exists()
