"""A stand-in for the Pulumi CLI, injected through `LocalWorkspaceOptions(pulumi_command=...)`.

It records every command and answers as the CLI would: stack select/init, the event log's summary event,
`stack output --json`, `stack history --json`; failures are scripted per command.
"""

import json
import threading
from collections.abc import Mapping
from typing import Any

from pulumi.automation import CommandResult, PulumiCommand
from pulumi.automation._cmd import OnOutput
from pulumi.automation.errors import create_command_error
from semver import VersionInfo

LOCKED = "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end"
OPERATIONS = ("up", "preview", "refresh", "destroy")


class FakePulumiCommand(PulumiCommand):
    # At or below 3.205 the SDK reads engine events from a log file, which this fake writes.
    def __init__(self, stacks: Mapping[str, dict[str, Any]] | None = None, version: str = "3.200.0") -> None:
        self.command = "pulumi"
        self.version = VersionInfo.parse(version)
        self.stacks: dict[str, dict[str, Any]] = {name: dict(outputs) for name, outputs in (stacks or {}).items()}
        self.calls: list[list[str]] = []
        self.envs: list[dict[str, str]] = []
        self.failures: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (verb, stack) -> [(stderr, code)]
        self.changes: dict[str, int] = {"create": 4}
        self._lock = threading.Lock()

    def fail(self, verb: str, stack: str, stderr: str, times: int = 1, code: int = 255) -> None:
        self.failures.setdefault((verb, stack), []).extend([(stderr, code)] * times)

    def calls_for(self, stack: str) -> list[list[str]]:
        """Commands about `stack`, without the flags that differ between runs (event log path)."""
        found = []
        for args in self.calls:
            if stack in args:
                cleaned, skip = [], False
                for arg in args:
                    if skip:
                        skip = False
                        continue
                    if arg == "--event-log":
                        skip = True
                        continue
                    cleaned.append(arg)
                found.append(cleaned)
        return found

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: OnOutput | None = None,
        on_error: OnOutput | None = None,
    ) -> CommandResult:
        with self._lock:
            self.calls.append(list(args))
            self.envs.append(dict(additional_env))
        stack = (
            args[args.index("--stack") + 1] if "--stack" in args else (args[2] if args[:2] == ["stack", "init"] else "")
        )
        verb = args[0] if args[0] in OPERATIONS else " ".join(args[:2])
        with self._lock:
            scripted = self.failures.get((verb, stack))
            failure = scripted.pop(0) if scripted else None
        if failure:
            raise create_command_error(CommandResult(stdout="", stderr=failure[0], code=failure[1]))
        if verb == "stack select" and stack not in self.stacks:
            raise create_command_error(
                CommandResult(stdout="", stderr=f"error: no stack named '{stack}' found", code=255)
            )
        if verb == "stack init":
            self.stacks.setdefault(stack, {})
        if verb in OPERATIONS:
            self._operate(verb, stack, args, on_output)
        if verb == "stack output":
            return CommandResult(stdout=json.dumps(self.stacks.get(stack, {})), stderr="", code=0)
        if verb == "stack history":
            return CommandResult(stdout=json.dumps([self._history(verb)]), stderr="", code=0)
        return CommandResult(stdout="", stderr="", code=0)

    def _operate(self, verb: str, stack: str, args: list[str], on_output: OnOutput | None) -> None:
        if on_output:
            on_output(f"{verb.capitalize()} ({stack}):\n")
            on_output("Resources:\n")
        if "--event-log" in args:
            event = {"sequence": 1, "timestamp": 1, "summaryEvent": {"resourceChanges": self.changes}}
            with open(args[args.index("--event-log") + 1], "a", encoding="utf-8") as log:
                log.write(json.dumps(event) + "\n")
        if verb == "up":
            outputs = {
                "podExecutionRoleArn": f"arn:aws:iam::123456789012:role/{stack}-pod-execution-role",
                "podExecutionRoleName": f"{stack}-pod-execution-role",
            }
            with self._lock:
                self.stacks[stack] = outputs
        if verb == "destroy":
            with self._lock:
                self.stacks[stack] = {}

    def _history(self, verb: str) -> dict[str, Any]:
        return {
            "kind": "update", "startTime": "2026-12-03T10:00:00.000Z", "endTime": "2026-12-03T10:00:05.000Z",
            "message": "", "environment": {}, "config": {}, "result": "succeeded", "version": 2,
            "resourceChanges": self.changes,
        }  # fmt: skip
