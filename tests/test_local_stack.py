"""The local emulator stack: the emulator's lifecycle, Pulumi.local.yaml's provider settings, `make up`'s sequence."""

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import boto3
import pulumi_aws
import pytest
import yaml

from deploy.cli import main
from deploy.emulator import Emulator, EmulatorError
from tests.fake_pulumi import FakePulumiCommand
from tests.harness import PROJECT_DIR, MockRuntime, stack_config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_group_exists(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    running = Emulator(state_dir=tmp_path_factory.mktemp("emulator"), port=free_port())
    running.start()
    yield running
    running.stop()


def test_it_answers_with_the_managed_policies_loaded(emulator: Emulator) -> None:
    assert emulator.is_ready()
    clients: dict[str, Any] = {
        service: boto3.client(service, region_name="us-east-1", endpoint_url=emulator.url,
                              aws_access_key_id="test", aws_secret_access_key="test")
        for service in ("sts", "iam", "eks")
    }  # fmt: skip
    assert clients["sts"].get_caller_identity()["Account"] == "123456789012"
    policy = clients["iam"].get_policy(PolicyArn="arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy")
    assert policy["Policy"]["PolicyName"] == "AmazonEKSFargatePodExecutionRolePolicy"
    assert clients["eks"].list_clusters()["clusters"] == []


def test_starting_it_again_finds_the_running_one(emulator: Emulator) -> None:
    pid = emulator.pid()
    assert pid is not None
    assert emulator.start() == pid


def test_a_port_taken_by_something_else_is_refused(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = Emulator(state_dir=tmp_path, port=squatter.getsockname()[1])
        with pytest.raises(EmulatorError, match="is in use by another process"):
            taken.start()
    assert taken.pid() is None
    assert not taken.pid_file.exists()


def test_stop_leaves_nothing_behind(tmp_path: Path) -> None:
    own = Emulator(state_dir=tmp_path, port=free_port())
    pid = own.start()
    assert process_group_exists(pid)
    assert own.stop() is True
    assert not process_group_exists(pid)
    assert not own.pid_file.exists()
    assert not own.is_ready()
    assert own.stop() is False


# Pulumi.local.yaml: every `aws:` key must be a setting the AWS provider has.
def provider_settings() -> set[str]:
    source = (Path(pulumi_aws.__file__).parent / "config" / "vars.py").read_text()
    return set(re.findall(r"__config__\.get\w*\('(\w+)'\)", source))


def endpoint_services() -> set[str]:
    endpoints = pulumi_aws.config.outputs.Endpoints
    return {name for name, value in vars(endpoints).items() if isinstance(value, property)}


def test_every_aws_key_of_the_local_stack_is_a_provider_setting() -> None:
    config = yaml.safe_load((PROJECT_DIR / "Pulumi.local.yaml").read_text())["config"]
    settings = provider_settings()
    assert {"region", "endpoints", "skipCredentialsValidation"} <= settings  # the reading itself works
    aws_keys = {key.removeprefix("aws:") for key in config if key.startswith("aws:")}
    assert aws_keys <= settings, aws_keys - settings
    assert {"skipCredentialsValidation", "skipRequestingAccountId", "skipMetadataApiCheck", "endpoints"} <= aws_keys
    (endpoints,) = config["aws:endpoints"]
    assert set(endpoints) == {"iam", "sts", "eks"}
    assert set(endpoints) <= endpoint_services()
    assert set(endpoints.values()) == {"http://127.0.0.1:5000"}


def test_the_local_stack_config_is_valid_for_the_program() -> None:
    with MockRuntime(stack="local") as runtime:
        exports = runtime.run_program(stack_config("local"))
    assert exports["trustedSourceArns"] == ["arn:aws:eks:us-east-1:123456789012:fargateprofile/local-platform/*"]


class RecordingEmulator:
    started: ClassVar[list[str]] = []
    cli: ClassVar[FakePulumiCommand | None] = None

    def __init__(self, state_dir: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log_file = state_dir / "moto.log"

    def start(self) -> int:
        assert RecordingEmulator.cli is not None, "the CLI is found before the emulator starts"
        assert RecordingEmulator.cli.calls == [], "and the emulator is up before the CLI runs anything"
        RecordingEmulator.started.append("start")
        return 4242

    def pid(self) -> int:
        return 4242


def test_make_up_sequence_for_the_local_stack(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakePulumiCommand()

    def command(project_dir: Path) -> FakePulumiCommand:
        RecordingEmulator.cli = fake
        return fake

    monkeypatch.setattr("deploy.cli.Emulator", RecordingEmulator)
    monkeypatch.setattr("deploy.cli.pulumi_command", command)
    for variable in ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path))  # nobody logged in: the project-local file backend
    RecordingEmulator.started, RecordingEmulator.cli = [], None
    assert main(["up", "--stack", "local", "--refresh"]) == 0
    assert RecordingEmulator.started == ["start"]
    assert [call[:2] for call in fake.calls_for("local")][:3] == [
        ["stack", "select"],
        ["stack", "init"],
        ["up", "--yes"],
    ]
    assert "--refresh" in fake.calls_for("local")[2]
    backend = f"file://{PROJECT_DIR}/.pulumi-state"
    assert all(env["PULUMI_BACKEND_URL"] == backend and env["PULUMI_CONFIG_PASSPHRASE"] == "" for env in fake.envs)
    assert "arn:aws:iam::123456789012:role/local-pod-execution-role" in capsys.readouterr().out


def test_a_missing_cli_says_exactly_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from deploy.cli import pulumi_command

    def no_installer(root: str) -> None:
        raise OSError("no network")

    monkeypatch.setattr("deploy.cli.shutil.which", lambda name: None)
    monkeypatch.setattr("deploy.cli.auto.PulumiCommand.install", staticmethod(no_installer))
    with pytest.raises(SystemExit) as stopped:
        pulumi_command(tmp_path)
    message = str(stopped.value)
    assert f"curl -fsSL https://get.pulumi.com | sh -s -- --install-root {tmp_path / '.pulumi'}" in message
    assert "no network" in message
