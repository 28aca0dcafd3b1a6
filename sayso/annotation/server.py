"""Run a local Label Studio server for annotation: install, start, stop, status.

The server is the PyPI ``label-studio`` package, pinned to :data:`LABEL_STUDIO_VERSION`.
Its environment weighs about 1 GB, so it does not live in SaySo's own environment:
:func:`ensure_venv` creates a separate virtual environment (``.studio/venv``) on first use.
SaySo itself only needs the client, ``label-studio-sdk``.

The server listens on 127.0.0.1 only, keeps its data in ``.studio/data`` (or a given
folder), never opens a browser, has sign-up closed and does not call home for a version
check. The admin account and its API token come from the environment:

=========================  ==========================================================
``SAYSO_STUDIO_USERNAME``  admin e-mail (default ``admin@sayso.local``)
``SAYSO_STUDIO_PASSWORD``  admin password, for the browser (required to start)
``SAYSO_STUDIO_TOKEN``     admin API token (required); 40 characters at most
``SAYSO_STUDIO_URL``       where clients find the server (default: the state file)
``SAYSO_STUDIO_HOME``      the ``.studio`` folder (default: beside the checkout)
=========================  ==========================================================

The token is handed to the server through its environment only: never on a command
line (``ps`` would show it), never printed, logged or written to a file by SaySo.

Label Studio calls no one: its makers' error reporting (Sentry, backend and browser,
which Label Studio 1.23 turns on by default with their own project), usage analytics and
the PyPI version check are turned off in the server's environment
(:data:`PRIVACY_SETTINGS`). Label Studio reads a setting ``X`` from
``LABEL_STUDIO_X``, else ``HEARTEX_X``, else ``X``; SaySo sets the first and removes the
others from what the server inherits. The data folder is private (0700) and the server
runs with umask 077, so its SQLite database (which holds the API token) is 0600.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sayso.errors import SaysoError

LABEL_STUDIO_VERSION = "1.23.2"
DEFAULT_PORT = 8089
DEFAULT_USERNAME = "admin@sayso.local"
ENV_USERNAME = "SAYSO_STUDIO_USERNAME"
ENV_PASSWORD = "SAYSO_STUDIO_PASSWORD"
ENV_TOKEN = "SAYSO_STUDIO_TOKEN"
ENV_URL = "SAYSO_STUDIO_URL"
ENV_HOME = "SAYSO_STUDIO_HOME"
STATE_FILE = "sayso-server.json"
LOG_FILE = "server.log"
VENV_MARKER = ".sayso-label-studio-version"
START_TIMEOUT = 300.0  # a fresh data dir migrates its database first: ~25-35 s here, more on a slow CI

_REPO_ROOT = Path(__file__).resolve().parents[2]


class StudioError(SaysoError):
    """The server could not be installed, started, stopped or reached."""


def studio_home() -> Path:
    """The ``.studio`` folder: ``$SAYSO_STUDIO_HOME``, else beside the checkout, else ``./.studio``."""
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME])
    if (_REPO_ROOT / "pyproject.toml").is_file():
        return _REPO_ROOT / ".studio"
    return Path.cwd() / ".studio"


def default_data_dir() -> Path:
    return studio_home() / "data"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


# --- the server's own environment -------------------------------------------------

def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_executable(venv: Path) -> Path:
    return venv / ("Scripts/label-studio.exe" if os.name == "nt" else "bin/label-studio")


def venv_ready(venv: Path) -> bool:
    marker = venv / VENV_MARKER
    return (venv_executable(venv).is_file() and marker.is_file()
            and marker.read_text(encoding="utf-8").strip() == LABEL_STUDIO_VERSION)


def ensure_venv(venv: Path | None = None, *, say: Callable[[str], None] = print) -> Path:
    """Create the server's virtual environment if needed; return its ``label-studio`` script.

    Installs ``label-studio==LABEL_STUDIO_VERSION`` with pip from the package index (a few
    minutes, ~1 GB). The pip log goes to ``install.log`` beside the venv.
    """
    venv = venv or studio_home() / "venv"
    if venv_ready(venv):
        return venv_executable(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    log_path = venv.parent / "install.log"
    say(f"Installing label-studio=={LABEL_STUDIO_VERSION} into {venv} (first use; a few minutes, ~1 GB)…")
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         f"label-studio=={LABEL_STUDIO_VERSION}"],
    ]
    with log_path.open("w", encoding="utf-8") as log:
        for step in steps:
            done = subprocess.run(step, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                log.flush()
                raise StudioError(f"installing the Label Studio server failed ({' '.join(step[:4])} …, "
                                  f"exit {done.returncode}); last lines of {log_path}:\n{_tail(log_path)}")
    (venv / VENV_MARKER).write_text(LABEL_STUDIO_VERSION + "\n", encoding="utf-8")
    return venv_executable(venv)


# --- credentials ------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """The admin account. ``repr`` hides the secrets so that they never reach a log."""

    username: str
    password: str | None
    token: str | None

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=***, token=***)"

    __str__ = __repr__


def credentials_from_env(*, need_password: bool = False) -> Credentials:
    """Read the admin account from the environment; a clear error names what is missing."""
    username = os.environ.get(ENV_USERNAME) or DEFAULT_USERNAME
    password = os.environ.get(ENV_PASSWORD) or None
    token = os.environ.get(ENV_TOKEN) or None
    missing = [ENV_TOKEN] if not token else []
    if need_password and not password:
        missing.append(ENV_PASSWORD)
    if missing:
        raise StudioError(
            f"{' and '.join(missing)} not set. Export the admin's API token (and password) before "
            f"starting or using the server, e.g. `export {ENV_TOKEN}=$(python -c 'import secrets; "
            f"print(secrets.token_hex(20))')`; SaySo never stores it.")
    if token and len(token) > 40:
        raise StudioError(f"{ENV_TOKEN} is longer than 40 characters; Label Studio keeps at most 40")
    return Credentials(username, password, token)


# --- server state -----------------------------------------------------------------

@dataclass
class ServerState:
    """What ``sayso studio start`` wrote about the running server (no secrets)."""

    pid: int
    port: int
    url: str
    data_dir: str
    log: str
    started_at: str
    label_studio_version: str
    seconds_to_health: float | None = None

    @classmethod
    def read(cls, data_dir: Path) -> "ServerState | None":
        path = data_dir / STATE_FILE
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def write(self) -> None:
        path = Path(self.data_dir) / STATE_FILE
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as dead
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``GET /health`` answers ``{"status": "UP"}``."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8")).get("status") == "UP"
    except (OSError, ValueError, urllib.error.URLError):
        return False


def token_accepted(url: str, token: str, timeout: float = 5.0) -> bool:
    """True when the server accepts ``token`` as a legacy API token."""
    request = urllib.request.Request(url.rstrip("/") + "/api/current-user/whoami",
                                     headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


# Label Studio settings (names as in label_studio/core/settings/*.py) that make it call
# no one. An empty DSN is falsy: Sentry is not initialised and the page gets sentry_dsn null.
PRIVACY_SETTINGS = {
    "SENTRY_DSN": "",
    "SENTRY_RATE": "0",
    "FRONTEND_SENTRY_DSN": "",
    "FRONTEND_SENTRY_RATE": "0",
    "COLLECT_ANALYTICS": "false",
    "LATEST_VERSION_CHECK": "false",
    "FEATURE_FLAGS_OFFLINE": "true",
}
SETTING_PREFIXES = ("LABEL_STUDIO_", "HEARTEX_", "")  # Label Studio's precedence, first wins


def effective_setting(env: dict[str, str], name: str) -> str | None:
    """The value Label Studio reads for setting ``name`` from ``env`` (its precedence)."""
    for prefix in SETTING_PREFIXES:
        if prefix + name in env:
            return env[prefix + name]
    return None


def server_env(data_dir: Path, credentials: Credentials) -> dict[str, str]:
    """The server's environment: data dir, admin account, closed sign-up, no phoning home."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LABEL_STUDIO_", "HEARTEX_")) and k not in PRIVACY_SETTINGS
           and k != "collect_analytics"}  # an old lower-case spelling Label Studio still reads
    env.update({f"LABEL_STUDIO_{k}": v for k, v in PRIVACY_SETTINGS.items()})
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": credentials.username,
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        # Legacy tokens are what LABEL_STUDIO_USER_TOKEN sets; the flag only counts when the
        # organisation is created, i.e. on the first start of a fresh data dir.
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "PYTHONUNBUFFERED": "1",
    })
    if credentials.password:
        env["LABEL_STUDIO_PASSWORD"] = credentials.password
    if credentials.token:
        env["LABEL_STUDIO_USER_TOKEN"] = credentials.token
    return env


def make_private(data_dir: Path) -> None:
    """The data folder 0700 and its database files 0600 (also when made by an older SaySo)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for path in data_dir.iterdir():
        if path.is_file() and not path.is_symlink() and ".sqlite3" in path.name:  # also -wal, -shm, -journal
            path.chmod(0o600)


def start(data_dir: Path | None = None, port: int | None = None, *, venv: Path | None = None,
          timeout: float = START_TIMEOUT, say: Callable[[str], None] = print) -> ServerState:
    """Start the server (installing it first if needed) and wait until ``/health`` answers.

    Returns the recorded state; if the server is already running for ``data_dir``, returns
    its state. Raises :class:`StudioError` with the log's last lines if it does not come up.
    """
    data_dir = (data_dir or default_data_dir()).resolve()
    credentials = credentials_from_env(need_password=True)
    current = ServerState.read(data_dir)
    if current and _alive(current.pid) and healthy(current.url):
        say(f"Label Studio already running at {current.url} (pid {current.pid}, data {data_dir})")
        return current
    executable = ensure_venv(venv, say=say)
    port = port or DEFAULT_PORT
    url = f"http://127.0.0.1:{port}"
    if healthy(url):
        raise StudioError(f"something else already answers at {url}; pass another --port")
    make_private(data_dir)
    fresh = not any(p.suffix == ".sqlite3" for p in data_dir.iterdir())
    log_path = data_dir / LOG_FILE
    began = time.monotonic()
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n=== sayso studio start {datetime.now(timezone.utc).isoformat(timespec='seconds')} "
                  f"port {port} ===\n")
        log.flush()
        process = subprocess.Popen(
            [str(executable), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port)],
            env=server_env(data_dir, credentials), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=str(data_dir), start_new_session=True,
            umask=0o077)  # what the server creates (database, uploads, exports) is the owner's only
    state = ServerState(pid=process.pid, port=port, url=url, data_dir=str(data_dir), log=str(log_path),
                        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        label_studio_version=LABEL_STUDIO_VERSION)
    state.write()
    while not healthy(url):
        if process.poll() is not None:
            raise StudioError(f"Label Studio exited with code {process.returncode} before answering "
                              f"{url}/health; last lines of {log_path}:\n{_tail(log_path)}")
        if time.monotonic() - began > timeout:
            _terminate(process.pid)
            raise StudioError(f"Label Studio did not answer {url}/health within {timeout:.0f} s; "
                              f"last lines of {log_path}:\n{_tail(log_path)}")
        time.sleep(0.5)
    state.seconds_to_health = round(time.monotonic() - began, 1)
    state.write()
    if credentials.token and not token_accepted(url, credentials.token):
        hint = ("" if fresh else " This data dir was created earlier: legacy API tokens must be on "
                "(Organization → API token settings in the browser), or the token differs from the one "
                "it was created with; or use a fresh --dir.")
        raise StudioError(f"Label Studio at {url} rejects the token in ${ENV_TOKEN}.{hint}")
    say(f"Label Studio {LABEL_STUDIO_VERSION} is up at {url} after {state.seconds_to_health} s "
        f"(pid {state.pid}, data {data_dir}{', fresh' if fresh else ''}); log: {log_path}")
    return state


def _terminate(pid: int, timeout: float = 30.0) -> bool:
    """SIGTERM (Label Studio ignores SIGINT), wait, then SIGKILL its process group."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)  # its own session: started with start_new_session
    except (ProcessLookupError, PermissionError):
        pass
    return True


def stop(data_dir: Path | None = None, *, say: Callable[[str], None] = print) -> bool:
    """Stop the server recorded for ``data_dir``; False when none was running."""
    data_dir = (data_dir or default_data_dir()).resolve()
    state = ServerState.read(data_dir)
    if state is None or not _alive(state.pid):
        say(f"No Label Studio running for {data_dir}")
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        return False
    _terminate(state.pid)
    (data_dir / STATE_FILE).unlink(missing_ok=True)
    say(f"Stopped Label Studio (pid {state.pid}) at {state.url}")
    return True


def status(data_dir: Path | None = None) -> dict[str, object]:
    """What is known about the server for ``data_dir``: running, healthy, where, since when."""
    data_dir = (data_dir or default_data_dir()).resolve()
    state = ServerState.read(data_dir)
    venv = studio_home() / "venv"
    out: dict[str, object] = {"data_dir": str(data_dir), "venv": str(venv), "venv_ready": venv_ready(venv),
                              "label_studio_version": LABEL_STUDIO_VERSION, "running": False}
    if state is not None:
        out.update({"pid": state.pid, "url": state.url, "port": state.port, "log": state.log,
                    "started_at": state.started_at, "seconds_to_health": state.seconds_to_health})
        out["running"] = _alive(state.pid)
        out["healthy"] = bool(out["running"]) and healthy(state.url)
    return out


def server_url(data_dir: Path | None = None) -> str:
    """Where clients reach the server: ``$SAYSO_STUDIO_URL``, else the state file, else the default port."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL].rstrip("/")
    state = ServerState.read((data_dir or default_data_dir()).resolve())
    if state is not None:
        return state.url
    return f"http://127.0.0.1:{DEFAULT_PORT}"
