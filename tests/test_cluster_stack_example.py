"""`examples/cluster-stack`: a cluster stack that reads the role ARN through a StackReference."""

import json
from collections.abc import Iterator

import pytest

from tests.harness import PROJECT_DIR, MockRuntime, stack_config

EXAMPLE = PROJECT_DIR / "examples" / "cluster-stack"
PROGRAM = EXAMPLE / "__main__.py"
ROLE_ARN = "arn:aws:iam::123456789012:role/pod-execution-role-a1b2c3d"
PROFILE = "aws:eks/fargateProfile:FargateProfile"


@pytest.fixture
def runtime() -> Iterator[MockRuntime]:
    """The cluster stack's dev stack, which reads the role stack's dev stack."""
    with MockRuntime(stack="dev", project="cluster-stack") as mock_runtime:
        yield mock_runtime


def test_the_profile_gets_the_exact_role_arn(runtime: MockRuntime) -> None:
    runtime.mocks.stack_outputs["organization/fargate-pod-execution-role/dev"] = {"podExecutionRoleArn": ROLE_ARN}
    exports = runtime.run_program(stack_config("dev", EXAMPLE), PROGRAM)
    profile = runtime.mocks.one(PROFILE).inputs
    assert profile["podExecutionRoleArn"] == ROLE_ARN
    assert profile["clusterName"] == "dev-platform"
    assert profile["selectors"] == [{"namespace": n} for n in ("default", "kube-system", "platform")]
    assert profile["subnetIds"] == ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
    assert exports["podExecutionRoleArn"] == ROLE_ARN
    (reference,) = runtime.mocks.of_type("pulumi:pulumi:StackReference")
    assert reference.inputs["name"] == "organization/fargate-pod-execution-role/dev"


def test_the_role_stack_is_configurable(runtime: MockRuntime) -> None:
    runtime.mocks.stack_outputs["acme/fargate-pod-execution-role/prod"] = {"podExecutionRoleArn": ROLE_ARN}
    config = {**stack_config("dev", EXAMPLE), "cluster-stack:roleStack": "acme/fargate-pod-execution-role/prod"}
    runtime.run_program(config, PROGRAM)
    assert runtime.mocks.one(PROFILE).inputs["podExecutionRoleArn"] == ROLE_ARN


def test_a_missing_output_names_the_stack_and_the_output(runtime: MockRuntime) -> None:
    runtime.mocks.stack_outputs["organization/fargate-pod-execution-role/dev"] = {"podExecutionRoleName": "x"}
    with pytest.raises(ValueError, match="no output") as caught:
        runtime.run_program(stack_config("dev", EXAMPLE), PROGRAM)
    message = str(caught.value)
    assert "'organization/fargate-pod-execution-role/dev'" in message
    assert "'podExecutionRoleArn'" in message
    assert runtime.mocks.of_type(PROFILE) == []


def test_too_many_namespaces_fail_before_anything_is_created(runtime: MockRuntime) -> None:
    config = {**stack_config("dev", EXAMPLE), "cluster-stack:namespaces": json.dumps([f"ns{i}" for i in range(6)])}
    with pytest.raises(ValueError, match="cluster-stack:namespaces"):
        runtime.run_program(config, PROGRAM)
    assert runtime.mocks.resources == []


def test_the_output_it_reads_is_one_the_role_stack_exports() -> None:
    """Renaming the role stack's export, or the name this stack reads, breaks here."""
    import importlib
    import sys

    sys.path.insert(0, str(EXAMPLE))
    try:
        contract = importlib.import_module("fargate_profiles")
    finally:
        sys.path.remove(str(EXAMPLE))
    ROLE_ARN_OUTPUT, ROLE_PROJECT = contract.ROLE_ARN_OUTPUT, contract.ROLE_PROJECT  # noqa: N806
    with MockRuntime(stack="dev") as role_runtime:
        exports = role_runtime.run_program(stack_config("dev"))
    assert ROLE_ARN_OUTPUT in exports
    assert exports[ROLE_ARN_OUTPUT].startswith("arn:aws:iam::")
    assert ROLE_PROJECT == "fargate-pod-execution-role"
