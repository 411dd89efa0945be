"""`python -m deploy <command> --stack NAME [...]`: the Automation API driver's command line."""

import argparse
import json
import shutil
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from pulumi import automation as auto

from deploy.emulator import DEFAULT_PORT, Emulator, EmulatorError
from deploy.runner import PROJECT_DIR, Operation, RunOptions, StackResult, discover_stacks, run

LOCAL_STACK = "local"
INSTALL_HINT = (
    "The Pulumi CLI is not installed. Install it with Pulumi's installer:\n"
    "  curl -fsSL https://get.pulumi.com | sh -s -- --install-root {root}\n"
    "then run this again (or put `pulumi` on PATH)."
)


def pulumi_command(project_dir: Path) -> auto.PulumiCommand:
    """The CLI on PATH, else one in the project's `.pulumi/`, else installed there by Pulumi's installer."""
    if shutil.which("pulumi"):
        return auto.PulumiCommand()
    root = project_dir / ".pulumi"
    if (root / "bin" / "pulumi").exists():
        return auto.PulumiCommand(root=str(root))
    try:
        return auto.PulumiCommand.install(root=str(root))
    except Exception as error:
        raise SystemExit(f"{INSTALL_HINT.format(root=root)}\n(automatic install failed: {error})") from None


def table(results: Sequence[StackResult]) -> str:
    rows = [("stack", "operation", "status", "changes", "role ARN / error")]
    for r in results:
        changes = ", ".join(f"{kind} {count}" for kind, count in sorted(r.changes.items())) or "-"
        rows.append((r.stack, r.operation, r.status, changes, r.error or r.role_arn or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
                     for row in rows)  # fmt: skip


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy", description="Deploy the Fargate pod execution role.")
    parser.add_argument("command", choices=[op.value for op in Operation] + ["emulator-start", "emulator-stop"])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--stack", action="append", default=[], help="a stack (repeatable)")
    which.add_argument("--all", action="store_true", help="every stack with a Pulumi.<stack>.yaml")
    parser.add_argument("--parallel", type=int, default=1, help="stacks at once")
    parser.add_argument("--json", action="store_true", help="machine-readable results on stdout")
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE", help="config override")
    parser.add_argument("--refresh", action="store_true", help="refresh state before up")
    parser.add_argument("--yes", action="store_true", help="confirm destroying a protected stack")
    options = parser.parse_args(argv)
    if options.command.startswith("emulator-"):
        return options
    if not options.stack and not options.all:
        parser.error("name a stack with --stack, or use --all")
    for item in options.config:
        if "=" not in item:
            parser.error(f"--config {item!r}: expected KEY=VALUE")
    return options


def main(argv: Sequence[str] | None = None, project_dir: Path = PROJECT_DIR) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    emulator = Emulator(state_dir=project_dir / ".emulator", port=DEFAULT_PORT)
    if options.command == "emulator-stop":
        print("emulator stopped" if emulator.stop() else "emulator was not running")
        return 0
    # Find the CLI first: without it, starting the emulator would only leave a process behind.
    command = None if options.command == "emulator-start" else pulumi_command(project_dir)
    try:
        if options.command == "emulator-start" or LOCAL_STACK in options.stack:
            emulator.start()
            print(f"emulator ready on {emulator.url} (pid {emulator.pid()}, log {emulator.log_file})", file=sys.stderr)
    except EmulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if command is None:
        return 0

    stacks = discover_stacks(project_dir) if options.all else options.stack
    lock = threading.Lock()

    def show(stack: str, line: str) -> None:
        with lock:
            print(f"[{stack}] {line}", file=sys.stderr if options.json else sys.stdout, flush=True)

    results = run(
        Operation(options.command),
        stacks,
        RunOptions(
            project_dir=project_dir,
            parallel=options.parallel,
            config=dict(item.split("=", 1) for item in options.config),
            refresh=options.refresh,
            yes=options.yes,
            on_output=show,
            pulumi_command=command,
        ),
    )
    if options.json:
        print(json.dumps([{**r.__dict__} for r in results], indent=2))
    else:
        print(table(results))
    return 0 if all(r.ok for r in results) else 1
