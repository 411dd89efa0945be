"""The CrossGuard pack, on what the program registers (must pass) and on hand-made bad roles (each caught).

The rules are called directly and through pulumi-policy's own analyzer service, in-process: no server.
"""

import importlib.util
import json
from collections.abc import Iterator
from typing import Any

import fargate_rules
import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy.policy import EnforcementLevel, _PolicyAnalyzerServicer

from tests.harness import MockRuntime, stack_config

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
SOURCE = "arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod/*"
CLUSTER_ARN = "arn:aws:eks:eu-west-1:123456789012:cluster/prod"


def load_pack() -> Any:
    spec = importlib.util.spec_from_file_location(
        "fargate_policy_pack", fargate_rules.__file__.replace("fargate_rules.py", "__main__.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # under another name than __main__: no server starts
    return module


PACK = load_pack()


def analyzer(config: dict[str, Any] | None = None) -> _PolicyAnalyzerServicer:
    """The pack's analyzer service, configured as the engine configures it (a Configure call)."""
    service = _PolicyAnalyzerServicer(
        "fargate-pod-execution-role", "0.1.0", PACK.POLICIES, EnforcementLevel.MANDATORY, None,
        None, None, None, None, None, None,
    )  # fmt: skip
    policy_config = {
        name: analyzer_pb2.PolicyConfig(enforcementLevel=analyzer_pb2.MANDATORY, properties=_struct(properties))
        for name, properties in (config or {}).items()
    }
    service.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config), None)
    return service


def _struct(props: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(json.loads(json.dumps(props)))
    return struct


def analyze(typ: str, props: dict[str, Any], config: dict[str, Any] | None = None) -> list[str]:
    request = analyzer_pb2.AnalyzeRequest(
        type=typ, properties=_struct(props), urn=f"urn:pulumi:s::p::{typ}::r", name="r"
    )
    return [d.message for d in analyzer(config).Analyze(request, None).diagnostics]


def analyze_stack(resources: list[tuple[str, dict[str, Any]]]) -> list[str]:
    request = analyzer_pb2.AnalyzeStackRequest(
        resources=[
            analyzer_pb2.AnalyzerResource(
                type=typ, properties=_struct(props), urn=f"urn:pulumi:s::p::{typ}::r{i}", name=f"r{i}"
            )
            for i, (typ, props) in enumerate(resources)
        ]
    )
    return [d.message for d in analyzer().AnalyzeStack(request, None).diagnostics]


def program_resources(stack: str) -> list[tuple[str, dict[str, Any]]]:
    """What the role program registers for a shipped stack: types and properties as the engine has them."""
    with MockRuntime(stack=stack) as runtime:
        runtime.run_program(stack_config(stack))
        resources = []
        for resource in runtime.mocks.resources:
            props = dict(resource.inputs)
            if resource.typ == ROLE:
                props["name"] = runtime.mocks.physical_names[resource.name]
            resources.append((resource.typ, props))
        return resources


def trust(**statement: Any) -> str:
    base = {"Effect": "Allow", "Principal": {"Service": "eks-fargate-pods.amazonaws.com"}, "Action": "sts:AssumeRole",
            "Condition": {"ArnLike": {"aws:SourceArn": SOURCE}}}  # fmt: skip
    base.update(statement)
    return json.dumps({"Version": "2012-10-17", "Statement": [{k: v for k, v in base.items() if v is not None}]})


def role(**props: Any) -> dict[str, Any]:
    return {"name": "pods", "path": "/", "assumeRolePolicy": trust(), **props}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_program_passes(stack: str) -> None:
    resources = program_resources(stack)
    roles = [props for typ, props in resources if typ == ROLE]
    assert len(roles) == 1
    assert analyze(ROLE, roles[0], {"fargate-pod-execution-role-boundary": {"required": stack == "prod"}}) == []
    assert analyze_stack(resources) == []


@pytest.mark.parametrize(
    ("props", "fragment"),
    [
        (role(assumeRolePolicy=trust(Condition=None)), "no ArnLike aws:SourceArn"),
        (role(assumeRolePolicy=trust(Condition={"StringEquals": {"aws:SourceAccount": "123456789012"}})), "no ArnLike"),
        (role(assumeRolePolicy=trust(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:eks:*:*:fargateprofile/*/*"}})),
         "not a Fargate profile ARN of one account"),
        (role(assumeRolePolicy=trust(Condition={"ArnLike": {"aws:SourceArn": CLUSTER_ARN}})), "not a Fargate profile"),
        (role(assumeRolePolicy=trust(Principal={"Service": ["eks-fargate-pods.amazonaws.com", "ec2.amazonaws.com"]})),
         "other principals"),
        (role(assumeRolePolicy=trust(Principal={"Service": "eks-fargate-pods.amazonaws.com", "AWS": "*"})),
         "every principal"),
        (role(assumeRolePolicy=trust(Action="sts:TagSession")), "does not allow sts:AssumeRole"),
        (role(path="/eks/"), "path '/eks/'"),
    ],
)  # fmt: skip
def test_a_bad_role_is_caught(props: dict[str, Any], fragment: str) -> None:
    messages = analyze(ROLE, props)
    assert any(fragment in message for message in messages), messages


def test_a_boundary_is_demanded_where_configured() -> None:
    required = {"fargate-pod-execution-role-boundary": {"required": True}}
    assert any("no permissions boundary" in m for m in analyze(ROLE, role(), required))
    assert analyze(ROLE, role(permissionsBoundary="arn:aws:iam::123456789012:policy/b"), required) == []
    allowed = {"fargate-pod-execution-role-boundary": {"allowedBoundaryArns": ["arn:aws:iam::123456789012:policy/b"]}}
    assert any(
        "is not one of" in m for m in analyze(ROLE, role(permissionsBoundary="arn:aws:iam::aws:policy/X"), allowed)
    )
    # Not configured: no boundary is fine.
    assert analyze(ROLE, role()) == []


def test_the_stack_check_wants_the_managed_policy() -> None:
    attachment = {"role": "pods", "policyArn": "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"}
    assert analyze_stack([(ROLE, role()), (ATTACHMENT, attachment)]) == []
    messages = analyze_stack([(ROLE, role()), (ATTACHMENT, {**attachment, "policyArn": "arn:aws:iam::aws:policy/X"})])
    assert any("'pods'" in m and "AmazonEKSFargatePodExecutionRolePolicy" in m for m in messages), messages
    assert any("'pods'" in m for m in analyze_stack([(ROLE, role())]))
    # Attached through the role's own list is as good.
    on_role = role(managedPolicyArns=["arn:aws-cn:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"])
    assert analyze_stack([(ROLE, on_role)]) == []


def test_other_roles_are_left_alone() -> None:
    lambda_role = {"name": "fn", "path": "/service/", "assumeRolePolicy": json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]})}  # fmt: skip
    assert analyze(ROLE, lambda_role, {"fargate-pod-execution-role-boundary": {"required": True}}) == []
    assert analyze_stack([(ROLE, lambda_role)]) == []


def test_the_rules_directly() -> None:
    assert fargate_rules.trust_violations(role()) == []
    assert fargate_rules.path_violations({}) == []
    assert fargate_rules.boundary_violations({}, required=False, allowed=[]) == []
    assert fargate_rules.missing_managed_policy([(ROLE, role())]) == ["pods"]


@pytest.fixture(autouse=True)
def _no_leftover_config() -> Iterator[None]:
    yield
    import pulumi

    pulumi.runtime.set_all_config({})
