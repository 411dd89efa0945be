"""Where stacks are kept: the backend the user chose, else a file backend inside the project."""

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

LOCAL_STATE_DIR = ".pulumi-state"
DIY_SCHEMES = ("file://", "s3://", "gs://", "azblob://", "postgres://")
PASSPHRASE_VARIABLES = ("PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE")
# The emulator stack holds nothing secret: an empty passphrase spares newcomers a prompt.
STACKS_WITHOUT_SECRETS = ("local",)


class BackendError(RuntimeError):
    pass


@dataclass(frozen=True)
class Backend:
    url: str  # where the stacks are kept
    secrets_provider: str | None  # "passphrase" on self-managed backends; None: the backend's default
    env: dict[str, str] = field(default_factory=dict)  # what the CLI needs in its environment

    def for_stack(self, stack: str, environment: Mapping[str, str]) -> dict[str, str]:
        """The environment for one stack's commands: a passphrase where secrets need one."""
        env = dict(self.env)
        if self.secrets_provider != "passphrase" or any(v in environment for v in PASSPHRASE_VARIABLES):
            return env
        if stack in STACKS_WITHOUT_SECRETS:
            env["PULUMI_CONFIG_PASSPHRASE"] = ""
            return env
        raise BackendError(
            f"stack {stack!r}: the backend {self.url} encrypts secrets with a passphrase; "
            "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE)"
        )


def _logged_in_url(pulumi_home: Path) -> str | None:
    credentials = pulumi_home / "credentials.json"
    if not credentials.is_file():
        return None
    current = json.loads(credentials.read_text()).get("current")
    return str(current) if current else None


def resolve_backend(project_dir: Path, environment: Mapping[str, str] | None = None) -> Backend:
    """PULUMI_BACKEND_URL if set; else the backend of `pulumi login`; else `file://<project>/.pulumi-state`."""
    environment = os.environ if environment is None else environment
    explicit = environment.get("PULUMI_BACKEND_URL")
    if explicit:
        secrets = "passphrase" if explicit.startswith(DIY_SCHEMES) else None
        return Backend(url=explicit, secrets_provider=secrets, env={"PULUMI_BACKEND_URL": explicit})
    logged_in = _logged_in_url(Path(environment.get("PULUMI_HOME", Path.home() / ".pulumi")))
    if logged_in:  # `pulumi login` chose it: the CLI finds it on its own
        secrets = "passphrase" if logged_in.startswith(DIY_SCHEMES) else None
        return Backend(url=logged_in, secrets_provider=secrets)
    state = project_dir / LOCAL_STATE_DIR
    state.mkdir(exist_ok=True)
    local = f"file://{state}"
    return Backend(url=local, secrets_provider="passphrase", env={"PULUMI_BACKEND_URL": local})
