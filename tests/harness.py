"""Pulumi mock runtime for the tests: AWS invokes per partition, a record of what was registered."""

import asyncio
import json
import logging
import runpy
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime.settings import SETTINGS

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROJECT = "fargate-pod-execution-role"
PARTITION_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
DNS_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}


class AwsMocks(pulumi.runtime.Mocks):
    """Answers the three AWS invokes the component makes, for any partition, and records everything."""

    def __init__(self, partition: str = "aws", account_id: str = "123456789012") -> None:
        self.partition = partition
        self.region = PARTITION_REGIONS[partition]
        self.account_id = account_id
        self.resources: list[pulumi.runtime.MockResourceArgs] = []
        self.calls: list[pulumi.runtime.MockCallArgs] = []
        self.physical_names: dict[str, str] = {}  # logical name of each role -> its name in AWS
        self.stack_outputs: dict[str, dict[str, Any]] = {}  # what StackReferences to each stack see

    def use_partition(self, partition: str) -> None:
        self.partition = partition
        self.region = PARTITION_REGIONS[partition]

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.calls.append(args)
        if args.token == "aws:index/getPartition:getPartition":
            return {
                "id": self.partition,
                "partition": self.partition,
                "dnsSuffix": DNS_SUFFIXES[self.partition],
                "reverseDnsPrefix": "com.amazonaws",
            }, []
        if args.token == "aws:index/getRegion:getRegion":
            return {
                "id": self.region,
                "name": self.region,
                "region": self.region,
                "endpoint": "",
                "description": "",
            }, []
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "id": self.account_id,
                "accountId": self.account_id,
                "arn": f"arn:{self.partition}:iam::{self.account_id}:user/ci",
                "userId": "AIDAEXAMPLE",
            }, []
        raise AssertionError(f"unexpected invoke {args.token}")

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == "aws:iam/role:Role":
            name = args.inputs.get("name") or f"{args.name}-a1b2c3d"
            self.physical_names[args.name] = name
            outputs.update(
                name=name, arn=f"arn:{self.partition}:iam::{self.account_id}:role{args.inputs.get('path', '/')}{name}"
            )
            return name, outputs
        if args.typ == "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return f"{args.inputs['role']}-{args.name}", outputs
        if args.typ == "pulumi:pulumi:StackReference":
            name = args.inputs["name"]
            return name, {"name": name, "outputs": self.stack_outputs.get(name, {}), "secretOutputNames": []}
        if args.typ == "aws:iam/rolePolicy:RolePolicy":
            return f"{args.inputs['role']}:{args.inputs.get('name', args.name)}", outputs
        return f"{args.name}-id", outputs

    # What the tests read back.
    def of_type(self, typ: str) -> list[pulumi.runtime.MockResourceArgs]:
        return [resource for resource in self.resources if resource.typ == typ]

    def one(self, typ: str) -> pulumi.runtime.MockResourceArgs:
        (resource,) = self.of_type(typ)
        return resource

    def tokens(self) -> list[str]:
        return [call.token for call in self.calls]


class WarningLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class LoopClosingExecutor(ThreadPoolExecutor):
    """The SDK opens an event loop in each worker thread it calls the mocks from and never closes it;
    this executor closes it once the call returns, so no loop or socket outlives its test."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(self._call_then_close_loop, fn, *args, **kwargs)

    @staticmethod
    def _call_then_close_loop(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        finally:
            policy = asyncio.get_event_loop_policy()
            try:
                loop = policy.get_event_loop()
            except RuntimeError:  # this call opened none
                loop = None
            if loop is not None and not loop.is_running():
                loop.close()
                policy.set_event_loop(None)


def _drop_report(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """An event loop's exception handler that formats nothing (see `MockRuntime.__enter__`)."""


class MockRuntime:
    """One test's Pulumi runtime: mocks set on a fresh event loop, reset afterwards."""

    def __init__(self, stack: str = "test", mocks: "AwsMocks | None" = None, project: str = PROJECT) -> None:
        self.mocks = mocks or AwsMocks()
        self.project = project
        self.warnings = WarningLog()
        self.stack = stack

    def __enter__(self) -> "MockRuntime":
        self.loop = asyncio.new_event_loop()
        self.loop.set_default_executor(LoopClosingExecutor())
        asyncio.set_event_loop(self.loop)
        logger = logging.getLogger(f"pulumi-mocks-{id(self)}")
        logger.propagate = False
        logger.addHandler(self.warnings)
        pulumi.runtime.set_mocks(self.mocks, project=self.project, stack=self.stack, preview=False, logger=logger)
        pulumi.runtime.set_all_config({})
        # A run that fails leaves the SDK's failed futures behind. Whenever the garbage collector finds them,
        # asyncio reports them through their loop's exception handler, and the default one formats their
        # tracebacks. On CPython 3.11 that formatting parses source with the ast module, and doing so inside
        # a collection that interrupted another parse (an import, say) breaks it: "AST constructor recursion
        # depth mismatch", at any later point of the session. The failure itself already reached the test,
        # so this loop drops those reports.
        self.loop.set_exception_handler(_drop_report)
        return self

    def __exit__(self, *exc: object) -> None:
        # Join the SDK's worker threads and drop its record of this run's tasks.
        self.loop.run_until_complete(self.loop.shutdown_default_executor())
        SETTINGS.outputs.clear()
        SETTINGS.rpc_manager.clear()
        pulumi.runtime.set_all_config({})
        pulumi.runtime.reset_options()
        asyncio.set_event_loop(None)
        self.loop.close()

    def run(self, build: Callable[[], Any]) -> Any:
        """Run `build` as a Pulumi program; return its result with every output resolved to plain values.

        Fails if a value never resolves, so no assertion on it can be skipped silently.
        """
        box: dict[str, Any] = {}

        @pulumi.runtime.test  # type: ignore[untyped-decorator]
        def program() -> pulumi.Output[None]:
            return pulumi.Output.from_input(build()).apply(lambda value: box.update(value=value))

        program()
        assert "value" in box, "the program's outputs never resolved"
        return box["value"]

    def run_program(self, config: dict[str, str], program: Path = PROJECT_DIR / "__main__.py") -> dict[str, Any]:
        """Run a program file (by default the real `__main__.py`) with this config; return its exports, resolved."""
        pulumi.runtime.set_all_config(config)
        exports: dict[str, Any] = {}
        original_export = pulumi.export

        def build() -> dict[str, Any]:
            pulumi.export = lambda name, value: exports.__setitem__(name, value)
            sys.path.insert(0, str(program.parent))  # as the language host does: the program's own modules
            try:
                runpy.run_path(str(program), run_name="__main__")
            finally:
                pulumi.export = original_export
                sys.path.remove(str(program.parent))
            return exports

        resolved: dict[str, Any] = self.run(build)
        return resolved


def config_value(value: Any) -> str:
    """A config value as Pulumi hands it to a program: strings as they are, everything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


def stack_config(stack: str, project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The config a `pulumi up --stack <stack>` would see: Pulumi.yaml defaults under the stack file."""
    project = yaml.safe_load((project_dir / "Pulumi.yaml").read_text())
    stack_file = yaml.safe_load((project_dir / f"Pulumi.{stack}.yaml").read_text())
    values: dict[str, Any] = {}
    for key, declaration in (project.get("config") or {}).items():
        if isinstance(declaration, dict) and "default" in declaration:
            values[key if ":" in key else f"{project['name']}:{key}"] = declaration["default"]
    for key, value in (stack_file.get("config") or {}).items():
        values[key if ":" in key else f"{project['name']}:{key}"] = value
    return {key: config_value(value) for key, value in values.items()}


def iter_stack_names() -> Iterator[str]:
    for path in sorted(PROJECT_DIR.glob("Pulumi.*.yaml")):
        yield path.name.removeprefix("Pulumi.").removesuffix(".yaml")
