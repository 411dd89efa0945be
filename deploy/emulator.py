"""A local AWS (moto's server: IAM, STS and EKS, with the real managed-policy catalogue) for the `local` stack.

It runs as its own process so that it outlives `make up` for the cluster-stack example; its pid and log
live in `.emulator/` of the project, and `stop` leaves nothing behind.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORT = 5000
# Emulators this process started: kept so they are waited for, not reported as leaked, when stopped here.
_STARTED: dict[int, subprocess.Popen[bytes]] = {}


class EmulatorError(RuntimeError):
    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0): reap it if it is ours.
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return reaped == 0


@dataclass
class Emulator:
    state_dir: Path
    port: int = DEFAULT_PORT
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "moto.pid"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "moto.log"

    def pid(self) -> int | None:
        """The emulator's process, if one this project started is still running."""
        if not self.pid_file.is_file():
            return None
        pid = int(self.pid_file.read_text().split()[0])
        return pid if _alive(pid) else None

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def _port_taken(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            return probe.connect_ex((self.host, self.port)) == 0

    def start(self, timeout: float = 60) -> int:
        """Start it (or find it already running); return its pid once it answers."""
        running = self.pid()
        if running is not None and self.is_ready():
            return running
        if self._port_taken():
            raise EmulatorError(
                f"{self.host}:{self.port} is in use by another process; free it (Pulumi.local.yaml points there)"
            )
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
            )  # fmt: skip
        _STARTED[process.pid] = process
        self.pid_file.write_text(f"{process.pid} {self.port}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                _STARTED.pop(process.pid, None)
                self.pid_file.unlink(missing_ok=True)
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise EmulatorError(f"the emulator exited with code {process.returncode}:\n{tail}")
            if self.is_ready():
                return process.pid
            time.sleep(0.2)
        self.stop()
        raise EmulatorError(f"the emulator did not answer on {self.url} within {timeout:.0f} s; see {self.log_file}")

    def stop(self, timeout: float = 10) -> bool:
        """Stop it and everything it started; False if it was not running."""
        pid = self.pid()
        self.pid_file.unlink(missing_ok=True)
        if pid is None:
            return False
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                return True
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if not _alive(pid):
                    started = _STARTED.pop(pid, None)
                    if started is not None:
                        started.wait()
                    return True
                time.sleep(0.1)
        raise EmulatorError(f"process {pid} survived SIGKILL")
