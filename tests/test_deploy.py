"""The Automation API driver, against a fake Pulumi CLI: exact command sequences, retries, errors, output."""

import json
from pathlib import Path
from typing import Any

import pytest

from deploy import Operation, RunOptions, run
from deploy.backend import BackendError, resolve_backend
from deploy.cli import main, table
from deploy.runner import discover_stacks, is_protected
from tests.fake_pulumi import LOCKED, FakePulumiCommand
from tests.harness import PROJECT_DIR

ENV = {"PULUMI_BACKEND_URL": "file:///tmp/state", "PULUMI_CONFIG_PASSPHRASE": "x", "HOME": "/nonexistent"}


def options(fake: FakePulumiCommand, **overrides: Any) -> RunOptions:
    sleeps: list[float] = []
    base = RunOptions(
        project_dir=PROJECT_DIR,
        environment=ENV,
        pulumi_command=fake,
        sleep=sleeps.append,
        on_output=lambda stack, line: None,
    )
    for key, value in overrides.items():
        setattr(base, key, value)
    base.sleeps = sleeps  # type: ignore[attr-defined]
    return base


def test_up_on_an_existing_stack() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    (result,) = run(Operation.UP, ["dev"], options(fake))
    assert result.ok
    assert result.role_arn == "arn:aws:iam::123456789012:role/dev-pod-execution-role"
    assert result.role_name == "dev-pod-execution-role"
    assert result.changes == {"create": 4}
    assert fake.calls_for("dev") == [
        ["stack", "select", "--stack", "dev"],
        ["up", "--yes", "--skip-preview", "--exec-kind", "auto.local", "--stack", "dev"],
        ["stack", "output", "--json", "--stack", "dev"],  # which outputs are secret...
        ["stack", "output", "--json", "--show-secrets", "--stack", "dev"],  # ...and their values
        ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", "dev"],
    ]


def test_up_creates_a_missing_stack_with_the_passphrase_provider() -> None:
    fake = FakePulumiCommand()
    (result,) = run(Operation.UP, ["dev"], options(fake, refresh=True))
    assert result.ok
    sequence = fake.calls_for("dev")
    assert sequence[:2] == [
        ["stack", "select", "--stack", "dev"],
        ["stack", "init", "dev", "--secrets-provider", "passphrase"],
    ]
    assert sequence[2][:4] == ["up", "--yes", "--skip-preview", "--refresh"]
    assert all(env["PULUMI_BACKEND_URL"] == "file:///tmp/state" for env in fake.envs)


@pytest.mark.parametrize("operation", [Operation.REFRESH, Operation.DESTROY, Operation.OUTPUTS])
def test_only_up_and_preview_create_stacks(operation: Operation) -> None:
    fake = FakePulumiCommand()
    (result,) = run(operation, ["dev"], options(fake))
    assert result.status == "failed"
    assert result.error == "stack 'dev' does not exist; `up` creates it"
    assert fake.calls_for("dev") == [["stack", "select", "--stack", "dev"]]


def test_preview_reports_the_change_summary() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    (result,) = run(Operation.PREVIEW, ["dev"], options(fake))
    assert (result.status, result.changes, result.role_arn) == ("succeeded", {"create": 4}, None)
    assert fake.calls_for("dev")[1] == ["preview", "--exec-kind", "auto.local", "--stack", "dev"]


def test_refresh_and_destroy_and_outputs() -> None:
    fake = FakePulumiCommand(stacks={"dev": {"podExecutionRoleArn": "arn:x", "podExecutionRoleName": "n"}})
    (outputs,) = run(Operation.OUTPUTS, ["dev"], options(fake))
    assert (outputs.role_arn, outputs.role_name) == ("arn:x", "n")
    (refresh,) = run(Operation.REFRESH, ["dev"], options(fake))
    (destroy,) = run(Operation.DESTROY, ["dev"], options(fake))
    assert refresh.ok
    assert destroy.ok
    verbs = [call[0] for call in fake.calls_for("dev") if call[0] != "stack"]
    assert verbs == ["refresh", "destroy"]
    refresh_call = next(call for call in fake.calls_for("dev") if call[0] == "refresh")
    assert refresh_call[:3] == ["refresh", "--skip-preview", "--yes"]


def test_destroying_a_protected_stack_needs_yes() -> None:
    fake = FakePulumiCommand(stacks={"prod": {}})
    assert is_protected("prod")
    (refused,) = run(Operation.DESTROY, ["prod"], options(fake))
    assert refused.status == "refused"
    assert fake.calls == []  # not even selected
    (done,) = run(Operation.DESTROY, ["prod"], options(fake, yes=True))
    assert done.ok
    assert not is_protected("dev")


def test_a_locked_stack_is_retried_with_backoff() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    fake.fail("up", "dev", LOCKED, times=2)
    opts = options(fake)
    (result,) = run(Operation.UP, ["dev"], opts)
    assert result.ok
    assert result.attempts == 3
    assert opts.sleeps == [2.0, 4.0]  # type: ignore[attr-defined]
    assert [call[0] for call in fake.calls_for("dev")].count("up") == 3


def test_a_lock_that_stays_is_reported_after_bounded_retries() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    fake.fail("up", "dev", LOCKED, times=10)
    opts = options(fake, lock_retries=2)
    (result,) = run(Operation.UP, ["dev"], opts)
    assert result.status == "failed"
    assert result.attempts == 3
    assert "locked by another update after 3 attempts" in (result.error or "")
    assert opts.sleeps == [2.0, 4.0]  # type: ignore[attr-defined]


def test_a_cli_error_is_shown_as_its_message_not_a_traceback() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    fake.fail("up", "dev", "Updating (dev)\nerror: invalid stack configuration: fargate-pod-execution-role:roleName: x")
    (result,) = run(Operation.UP, ["dev"], options(fake))
    assert result.status == "failed"
    assert result.error == "error: invalid stack configuration: fargate-pod-execution-role:roleName: x"


def test_config_overrides_are_set_before_the_operation() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    run(Operation.PREVIEW, ["dev"], options(fake, config={"fargate-pod-execution-role:roleName": "custom"}))
    sequence = fake.calls_for("dev")
    assert sequence[1][:2] == ["config", "set-all"]
    assert "fargate-pod-execution-role:roleName=custom" in sequence[1]
    assert sequence[2][0] == "preview"


def test_stacks_run_in_parallel_and_results_keep_their_order() -> None:
    fake = FakePulumiCommand(stacks={"dev": {}, "prod": {}})
    fake.fail("up", "prod", "error: something broke in prod")
    results = run(Operation.UP, ["dev", "prod"], options(fake, parallel=2))
    assert [(r.stack, r.status) for r in results] == [("dev", "succeeded"), ("prod", "failed")]
    assert {call[-1] for call in fake.calls if call[0] == "up"} == {"dev", "prod"}


def test_discovery_finds_every_stack_file() -> None:
    assert set(discover_stacks()) >= {"dev", "prod", "local"}


def test_backend_resolution(tmp_path: Path) -> None:
    assert resolve_backend(tmp_path, {"PULUMI_BACKEND_URL": "https://api.pulumi.com"}).secrets_provider is None
    assert resolve_backend(tmp_path, {"PULUMI_BACKEND_URL": "s3://bucket"}).secrets_provider == "passphrase"
    home = tmp_path / "home"
    home.mkdir()
    (home / "credentials.json").write_text(json.dumps({"current": "https://api.pulumi.com"}))
    logged_in = resolve_backend(tmp_path, {"PULUMI_HOME": str(home)})
    assert (logged_in.url, logged_in.secrets_provider, logged_in.env) == ("https://api.pulumi.com", None, {})
    local = resolve_backend(tmp_path, {"PULUMI_HOME": str(tmp_path / "nobody")})
    assert local.url == f"file://{tmp_path}/.pulumi-state"
    assert local.env == {"PULUMI_BACKEND_URL": local.url}
    assert (tmp_path / ".pulumi-state").is_dir()
    # Secrets on a self-managed backend need a passphrase, except on the emulator's stack.
    assert local.for_stack("local", {}) == {**local.env, "PULUMI_CONFIG_PASSPHRASE": ""}
    with pytest.raises(BackendError, match="PULUMI_CONFIG_PASSPHRASE"):
        local.for_stack("dev", {})
    assert local.for_stack("dev", {"PULUMI_CONFIG_PASSPHRASE": "s"}) == local.env


def test_the_cli_json_output_and_exit_code(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakePulumiCommand(stacks={"dev": {}, "prod": {}})
    monkeypatch.setattr("deploy.cli.pulumi_command", lambda project_dir: fake)
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    assert main(["up", "--stack", "dev", "--json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["stack"] == "dev"
    assert result["status"] == "succeeded"
    assert result["role_arn"] == "arn:aws:iam::123456789012:role/dev-pod-execution-role"
    assert result["changes"] == {"create": 4}
    assert main(["destroy", "--stack", "prod"]) == 1
    assert "pass --yes" in capsys.readouterr().out


def test_the_cli_prefixes_engine_output_with_the_stack(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakePulumiCommand(stacks={"dev": {}})
    monkeypatch.setattr("deploy.cli.pulumi_command", lambda project_dir: fake)
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    assert main(["preview", "--stack", "dev"]) == 0
    out = capsys.readouterr().out
    assert "[dev] Preview (dev):" in out
    assert out.splitlines()[-2].split()[:3] == ["stack", "operation", "status"]


def test_the_table() -> None:
    from deploy.runner import StackResult

    text = table(
        [
            StackResult("dev", "up", "succeeded", "arn:x", "n", {"create": 2}),
            StackResult("prod", "up", "failed", error="boom"),
        ]
    )
    assert "dev    up         succeeded  create 2" in text
    assert text.splitlines()[2].endswith("boom")
