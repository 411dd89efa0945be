"""Run one operation over stacks of this project through the Automation API, as typed results."""

import dataclasses
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto

from deploy.backend import Backend, BackendError, resolve_backend

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROJECT = "fargate-pod-execution-role"


class Operation(StrEnum):
    PREVIEW = "preview"
    UP = "up"
    REFRESH = "refresh"
    DESTROY = "destroy"
    OUTPUTS = "outputs"


CREATES_MISSING_STACK = (Operation.PREVIEW, Operation.UP)


@dataclass(frozen=True)
class StackResult:
    stack: str
    operation: str
    status: str  # "succeeded", "failed" or "refused"
    role_arn: str | None = None
    role_name: str | None = None
    changes: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


OnOutput = Callable[[str, str], None]  # (stack, line)


@dataclass
class RunOptions:
    project_dir: Path = PROJECT_DIR
    parallel: int = 1
    config: Mapping[str, str] = field(default_factory=dict)  # key=value overrides, saved to the stack like `--config`
    refresh: bool = False  # refresh state before `up`
    yes: bool = False  # confirm destroying a protected stack
    lock_retries: int = 3  # a locked stack is tried again this many times
    backoff_seconds: float = 2.0
    on_output: OnOutput | None = None
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    pulumi_command: auto.PulumiCommand | None = None
    sleep: Callable[[float], None] = time.sleep


def discover_stacks(project_dir: Path = PROJECT_DIR) -> list[str]:
    """Every stack with a `Pulumi.<stack>.yaml` in the project."""
    return sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in project_dir.glob("Pulumi.*.yaml"))


def is_protected(stack: str, project_dir: Path = PROJECT_DIR) -> bool:
    """A prod stack, or one whose config protects the role."""
    stack_file = project_dir / f"Pulumi.{stack}.yaml"
    config = (yaml.safe_load(stack_file.read_text()) or {}).get("config", {}) if stack_file.is_file() else {}
    return stack == "prod" or config.get(f"{PROJECT}:protect") in (True, "true")


def concise_error(error: BaseException) -> str:
    """The CLI's own error lines, not a traceback."""
    if isinstance(error, auto.errors.CommandError):
        # The error carries the CLI's result as text: "code: N", "stdout: ...", "stderr: ...".
        lines = [
            line.strip().removeprefix("stdout:").removeprefix("stderr:").strip()
            for line in str(error).splitlines()
            if line.strip() and not line.strip().startswith("code:")
        ]
        lines = [line for line in lines if line]
        errors = [line for line in lines if line.lower().startswith(("error:", "error "))]
        return " | ".join(errors[:3] or lines[-3:]) or type(error).__name__
    return f"{type(error).__name__}: {error}"


def _changes(summary: Mapping[Any, int] | None) -> dict[str, int]:
    return {getattr(kind, "value", str(kind)): count for kind, count in (summary or {}).items() if count}


def _role(outputs: Mapping[str, auto.OutputValue]) -> tuple[str | None, str | None]:
    arn, name = outputs.get("podExecutionRoleArn"), outputs.get("podExecutionRoleName")
    return (arn.value if arn else None, name.value if name else None)


def _workspace(options: RunOptions, backend: Backend, stack: str) -> auto.LocalWorkspace:
    return auto.LocalWorkspace(
        work_dir=str(options.project_dir),  # the same __main__.py `pulumi up` runs: no second copy
        env_vars=backend.for_stack(stack, options.environment),
        secrets_provider=backend.secrets_provider,
        pulumi_command=options.pulumi_command,
    )


def _stack(operation: Operation, name: str, workspace: auto.LocalWorkspace) -> auto.Stack:
    if operation in CREATES_MISSING_STACK:
        return auto.Stack.create_or_select(name, workspace)
    try:
        return auto.Stack.select(name, workspace)
    except auto.errors.StackNotFoundError:
        raise LookupError(f"stack {name!r} does not exist; `up` creates it") from None


def _perform(
    operation: Operation, stack: auto.Stack, options: RunOptions, on_output: Callable[[str], None]
) -> StackResult:
    name = stack.name
    if operation is Operation.PREVIEW:
        preview = stack.preview(on_output=on_output)
        return StackResult(name, operation.value, "succeeded", changes=_changes(preview.change_summary))
    if operation is Operation.UP:
        up = stack.up(on_output=on_output, refresh=options.refresh)
        arn, role_name = _role(up.outputs)
        return StackResult(name, operation.value, "succeeded", arn, role_name, _changes(up.summary.resource_changes))
    if operation is Operation.REFRESH:
        refresh = stack.refresh(on_output=on_output)
        return StackResult(name, operation.value, "succeeded", changes=_changes(refresh.summary.resource_changes))
    if operation is Operation.DESTROY:
        destroy = stack.destroy(on_output=on_output)
        return StackResult(name, operation.value, "succeeded", changes=_changes(destroy.summary.resource_changes))
    arn, role_name = _role(stack.outputs())
    return StackResult(name, operation.value, "succeeded", arn, role_name)


def run_stack(operation: Operation, name: str, options: RunOptions) -> StackResult:
    """One stack, start to end; every failure becomes a result, never an exception."""
    if operation is Operation.DESTROY and is_protected(name, options.project_dir) and not options.yes:
        return StackResult(name, operation.value, "refused", error=f"{name!r} is protected: pass --yes to destroy it")

    def on_output(line: str) -> None:
        if options.on_output:
            options.on_output(name, line.rstrip("\n"))

    attempts = 0
    try:
        stack = _stack(
            operation, name, _workspace(options, resolve_backend(options.project_dir, options.environment), name)
        )
        if options.config:
            stack.set_all_config({key: auto.ConfigValue(value=value) for key, value in options.config.items()})
        while True:
            attempts += 1
            try:
                result = _perform(operation, stack, options, on_output)
                return dataclasses.replace(result, attempts=attempts)
            except auto.errors.ConcurrentUpdateError:
                if attempts > options.lock_retries:
                    raise
                options.sleep(options.backoff_seconds * 2 ** (attempts - 1))
    except auto.errors.ConcurrentUpdateError as error:
        message = f"stack is locked by another update after {attempts} attempts ({concise_error(error)})"
        return StackResult(name, operation.value, "failed", error=message, attempts=attempts)
    except (auto.errors.CommandError, BackendError, LookupError) as error:
        message = concise_error(error) if isinstance(error, auto.errors.CommandError) else str(error)
        return StackResult(name, operation.value, "failed", error=message, attempts=max(attempts, 1))


def run(operation: Operation, stacks: Sequence[str], options: RunOptions) -> list[StackResult]:
    """`operation` on every stack, `options.parallel` at a time; results in the order the stacks were given."""
    with ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
        return list(pool.map(lambda stack: run_stack(operation, stack, options), stacks))
