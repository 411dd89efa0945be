"""What the cluster stack needs from the role stack, and its Fargate selectors: plain functions."""

from collections.abc import Sequence
from typing import Any

# The role stack's export this stack reads: the contract between the two projects.
ROLE_ARN_OUTPUT = "podExecutionRoleArn"
ROLE_PROJECT = "fargate-pod-execution-role"
MAX_SELECTORS = 5  # per Fargate profile


class RoleStackError(ValueError):
    """The role stack did not give what this stack needs."""


def role_stack_name(configured: str | None, this_stack: str) -> str:
    """The stack to read: as configured, else the role stack of the same name in this organization
    (`organization` is what file and S3 backends call every organization)."""
    return configured or f"organization/{ROLE_PROJECT}/{this_stack}"


def required_output(value: Any, stack: str, output: str = ROLE_ARN_OUTPUT) -> str:
    """The output's value, or an error that names the stack and the output."""
    if not isinstance(value, str) or not value:
        raise RoleStackError(
            f"stack {stack!r} has no output {output!r}: deploy the role stack first "
            f"(pulumi up --stack {stack.rsplit('/', 1)[-1]} in {ROLE_PROJECT}), or set cluster-stack:roleStack"
        )
    return value


def selectors(namespaces: Sequence[str]) -> list[dict[str, str]]:
    if not 1 <= len(namespaces) <= MAX_SELECTORS:
        raise ValueError(f"cluster-stack:namespaces: a Fargate profile takes 1-{MAX_SELECTORS}, got {len(namespaces)}")
    return [{"namespace": namespace} for namespace in namespaces]
