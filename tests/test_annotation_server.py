"""Server management without a real server: failures carry the log tail, secrets stay hidden."""
from __future__ import annotations

import stat

import pytest

from sayso.annotation import server


def _fake_venv(folder, script: str):
    venv = folder / "venv"
    (venv / "bin").mkdir(parents=True)
    exe = venv / "bin" / "label-studio"
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    (venv / server.VENV_MARKER).write_text(server.LABEL_STUDIO_VERSION + "\n", encoding="utf-8")
    return venv


@pytest.fixture
def secrets_env(monkeypatch):
    monkeypatch.setenv(server.ENV_TOKEN, "f" * 40)
    monkeypatch.setenv(server.ENV_PASSWORD, "pw-for-tests")


def test_a_server_that_dies_fails_with_its_log_tail(tmp_path, secrets_env):
    venv = _fake_venv(tmp_path, 'echo "migrations exploded: disk full"\nexit 3\n')
    with pytest.raises(server.StudioError) as info:
        server.start(tmp_path / "data", 8, venv=venv, timeout=30, say=lambda m: None)
    message = str(info.value)
    assert "exited with code 3" in message and "migrations exploded: disk full" in message
    assert "f" * 40 not in message


def test_a_server_that_never_answers_is_stopped(tmp_path, secrets_env):
    venv = _fake_venv(tmp_path, 'echo "still starting"\nexec sleep 60\n')
    with pytest.raises(server.StudioError) as info:
        server.start(tmp_path / "data", 9, venv=venv, timeout=2, say=lambda m: None)
    assert "did not answer" in str(info.value) and "still starting" in str(info.value)
    state = server.ServerState.read(tmp_path / "data")
    assert state is not None and not server._alive(state.pid)


def test_the_token_reaches_the_server_by_environment_only(tmp_path, secrets_env):
    venv = _fake_venv(tmp_path, 'echo "argv: $@"\necho "token set: ${LABEL_STUDIO_USER_TOKEN:+yes}"\nexit 1\n')
    with pytest.raises(server.StudioError) as info:
        server.start(tmp_path / "data", 10, venv=venv, timeout=30, say=lambda m: None)
    assert "token set: yes" in str(info.value)
    assert "argv: start --no-browser --internal-host 127.0.0.1 --port 10" in str(info.value)
    assert "f" * 40 not in (tmp_path / "data" / server.LOG_FILE).read_text(encoding="utf-8")


def test_server_env_closes_signup_and_version_check(tmp_path):
    env = server.server_env(tmp_path, server.Credentials("a@b.c", "pw", "t" * 40))
    assert env["LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK"] == "true"
    assert env["LABEL_STUDIO_LATEST_VERSION_CHECK"] == "false"
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path)
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"


def test_missing_token_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(server.ENV_TOKEN, raising=False)
    with pytest.raises(server.StudioError) as info:
        server.credentials_from_env()
    assert server.ENV_TOKEN in str(info.value)


def test_credentials_never_print_their_secrets():
    creds = server.Credentials("admin@sayso.local", "hunter2-secret", "a" * 40)
    assert "hunter2" not in repr(creds) and "a" * 40 not in str(creds)


def test_status_without_server(tmp_path):
    info = server.status(tmp_path)
    assert info["running"] is False and info["data_dir"] == str(tmp_path.resolve())


def test_stop_without_server_says_so(tmp_path):
    said = []
    assert server.stop(tmp_path, say=said.append) is False and "No Label Studio running" in said[0]


def test_server_env_turns_off_sentry_analytics_and_version_check_whatever_the_shell_says(tmp_path, monkeypatch):
    for name, value in {"SENTRY_DSN": "https://k@elsewhere.invalid/1", "HEARTEX_FRONTEND_SENTRY_DSN": "https://x",
                        "LABEL_STUDIO_COLLECT_ANALYTICS": "true", "collect_analytics": "true",
                        "HEARTEX_LATEST_VERSION_CHECK": "1"}.items():
        monkeypatch.setenv(name, value)
    env = server.server_env(tmp_path, server.Credentials("a@b.c", "pw", "t" * 40))
    assert server.effective_setting(env, "SENTRY_DSN") == ""
    assert server.effective_setting(env, "FRONTEND_SENTRY_DSN") == ""
    assert server.effective_setting(env, "COLLECT_ANALYTICS") == "false"
    assert server.effective_setting(env, "LATEST_VERSION_CHECK") == "false"
    assert "collect_analytics" not in env and not any(k.startswith("HEARTEX_") for k in env)
    assert "elsewhere.invalid" not in repr(env)


def test_the_data_folder_is_made_private(tmp_path, secrets_env):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "label_studio.sqlite3").write_text("")
    (data / "label_studio.sqlite3").chmod(0o644)
    venv = _fake_venv(tmp_path, 'umask\nexit 1\n')
    with pytest.raises(server.StudioError) as info:
        server.start(data, 10, venv=venv, timeout=30, say=lambda m: None)
    assert "0077" in str(info.value)  # the server runs with umask 077
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "label_studio.sqlite3").stat().st_mode) == 0o600
