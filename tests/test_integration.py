"""`pulumi preview` of the dev stack through the real CLI and AWS provider plugin (opt-in).

Runs offline: a throwaway local file backend, fake credentials with the provider's credential and
account checks off, and `accountId` set so no STS call is made. Skipped where the CLI or the plugin
is absent (they cannot be installed on every machine), saying so.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import PROJECT_DIR, stack_config

pytestmark = pytest.mark.integration


def _aws_plugin_installed() -> bool:
    listing = subprocess.run(["pulumi", "plugin", "ls"], capture_output=True, text=True, check=False)
    return any(line.split()[:2] == ["aws", "resource"] for line in listing.stdout.splitlines()[1:])


@pytest.fixture
def pulumi_cli() -> str:
    cli = shutil.which("pulumi")
    if cli is None:
        pytest.skip("the Pulumi CLI is not on PATH; install it to run the real preview")
    if not _aws_plugin_installed():
        pytest.skip("the Pulumi AWS provider plugin is not installed (pulumi plugin install resource aws)")
    return cli


def test_dev_stack_previews_through_the_real_cli(pulumi_cli: str, tmp_path: Path) -> None:
    from pulumi import automation

    env = {
        "PULUMI_BACKEND_URL": f"file://{tmp_path}",
        "PULUMI_CONFIG_PASSPHRASE": "integration",
        "AWS_ACCESS_KEY_ID": "AKIAINTEGRATIONTEST",
        "AWS_SECRET_ACCESS_KEY": "integration",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }
    workspace = automation.LocalWorkspace(work_dir=str(PROJECT_DIR), env_vars={**os.environ, **env})
    stack = automation.Stack.create("integration", workspace)
    try:
        config = {**stack_config("dev"), "fargate-pod-execution-role:accountId": "123456789012"}
        for flag in ("skipCredentialsValidation", "skipRequestingAccountId", "skipMetadataApiCheck"):
            config[f"aws:{flag}"] = "true"
        stack.set_all_config({k: automation.ConfigValue(value=v) for k, v in config.items()})
        result = stack.preview()
        # The stack, the component, the role, the managed-policy attachment and the logging policy.
        assert result.change_summary.get(automation.OpType.CREATE) == 5, result.stdout
    finally:
        workspace.remove_stack("integration", force=True)


def test_make_up_against_the_emulator_end_to_end(pulumi_cli: str, tmp_path: Path) -> None:
    """`python -m deploy up --stack local --refresh`, then destroy, through the real CLI and a real emulator."""
    env = {**os.environ, "PULUMI_BACKEND_URL": f"file://{tmp_path}", "PULUMI_SKIP_UPDATE_CHECK": "true"}
    try:
        up = subprocess.run([sys.executable, "-m", "deploy", "up", "--stack", "local", "--refresh", "--json"],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)  # fmt: skip
        assert up.returncode == 0, up.stdout + up.stderr
        (result,) = json.loads(up.stdout)
        assert result["role_arn"].startswith("arn:aws:iam::123456789012:role/")
        down = subprocess.run([sys.executable, "-m", "deploy", "destroy", "--stack", "local"],
                              cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)  # fmt: skip
        assert down.returncode == 0, down.stdout + down.stderr
    finally:
        subprocess.run([sys.executable, "-m", "deploy", "emulator-stop"], cwd=PROJECT_DIR, check=False)
