"""Against the live Label Studio server: health, the token kept secret, idempotent push,
submit replacing an annotator's annotation, and a bad export refused without losing files."""
from __future__ import annotations

import json
import os
import stat

import pytest

from sayso.annotation import labelconfig as lc
from sayso.annotation.batch import Batch
from sayso.annotation.server import ServerState, healthy, status
from sayso.annotation.studio import Studio, pull
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import read_standoff
from sayso.errors import InputError

from conftest import annotator_records

pytestmark = pytest.mark.studio


def test_server_is_up_local_and_recorded(live_studio):
    assert live_studio.url.startswith("http://127.0.0.1:")
    assert healthy(live_studio.url)
    info = status(live_studio.data_dir)
    assert info["running"] and info["healthy"]
    state = ServerState.read(live_studio.data_dir)
    assert state is not None and live_studio.token not in json.dumps(state.__dict__)


def test_signup_is_closed(live_studio):
    """Test case: a sign-up without the organisation's invite link is refused, and no user appears."""
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(live_studio.url + "/user/signup/", timeout=10).read().decode("utf-8", "replace")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    token = csrf.group(1) if csrf else next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": "intruder@example.org",
                                   "password": "a-long-password-1", "allow_newsletters": "false"}).encode()
    request = urllib.request.Request(live_studio.url + "/user/signup/", data=form,
                                     headers={"Referer": live_studio.url + "/user/signup/"})
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(request, timeout=10)
    assert info.value.code == 403 and "csrf" not in info.value.read().decode("utf-8", "replace").lower()
    assert "intruder" not in Studio(live_studio.url).users().values()


def test_wrong_token_is_refused(live_studio):
    from sayso.annotation.server import StudioError
    studio = Studio(live_studio.url, token="0" * 40)
    with pytest.raises(StudioError) as info:
        studio.find_project("nope")
    assert "0" * 40 not in str(info.value)


def test_push_is_idempotent_and_predictions_are_not_annotations(live_studio, studio_pack):
    pack = SourcePack.load(studio_pack)
    docs = [pack.get("fx-bridge"), pack.get("fx-rain")]
    studio = Studio(live_studio.url)
    config = lc.load_config()
    pred = annotator_records()["ann-b"]["fx-bridge"]
    first = studio.push("t-idem", docs, config, predictions={"fx-bridge": (pred, "sys-1")})
    second = studio.push("t-idem", docs, config, predictions={"fx-bridge": (pred, "sys-1")})
    assert first.created_project and sorted(first.added) == ["fx-bridge", "fx-rain"]
    assert not second.created_project and second.added == [] and sorted(second.existing) == ["fx-bridge", "fx-rain"]
    export = studio.export("t-idem")
    assert len(export) == 2
    bridge = next(t for t in export if t["data"]["doc_id"] == "fx-bridge")
    assert bridge["annotations"] == [] and len(bridge["predictions"]) == 1
    assert bridge["data"]["config_version"] == config.version and bridge["data"]["batch"] == "t-idem"
    assert bridge["data"]["text_sha256"] == pack.get("fx-bridge").text_sha256


def test_submit_replaces_and_who_lists(live_studio, studio_pack):
    pack = SourcePack.load(studio_pack)
    studio = Studio(live_studio.url)
    studio.push("t-submit", [pack.get("fx-rain")], lc.load_config())
    record = annotator_records()["ann-a"]["fx-rain"]
    one = studio.submit("t-submit", "ann-a", [record], pack)
    two = studio.submit("t-submit", "ann-a", [record], pack)
    assert (one["created"], two["updated"]) == (1, 1)
    assert studio.who("t-submit") == {"fx-rain": ["ann-a"]}
    task = studio.export("t-submit")[0]
    assert len(task["annotations"]) == 1
    assert task["annotations"][0]["completed_by"] == one["user_id"]


def test_bad_export_names_task_annotation_region_and_keeps_files(live_studio, studio_pack, tmp_path):
    pack = SourcePack.load(studio_pack)
    studio = Studio(live_studio.url)
    studio.push("t-bad", [pack.get("fx-rain")], lc.load_config())
    record = annotator_records()["ann-a"]["fx-rain"]
    studio.submit("t-bad", "ann-a", [record], pack)
    batch = Batch("t-bad", tmp_path)
    pull(batch, studio, pack, say=lambda m: None)
    written = batch.annotator_path("ann-a").read_text(encoding="utf-8")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(batch.annotator_path("ann-a").stat().st_mode) == 0o666 & ~mask  # 0644 under umask 022
    assert [line.record for line in read_standoff(batch.annotator_path("ann-a"))] == [record]
    # a label outside the config and a dangling relation, posted straight through the API
    task_id = studio.tasks(studio.project_id("t-bad"))["fx-rain"].id
    uid = studio.user_id("ann-c")
    studio._client.annotations.create(task_id, completed_by=uid, result=[
        {"id": "bad1", "from_name": "entity", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 6, "text": "Police", "labels": ["COP"]}},
        {"type": "relation", "from_id": "bad1", "to_id": "ghost", "direction": "right"}])
    with pytest.raises(InputError) as info:
        pull(batch, studio, pack, say=lambda m: None)
    message = str(info.value)
    assert f"task {task_id}" in message and "annotation" in message and "by ann-c" in message
    assert "region bad1" in message and "'COP'" in message and "dangling" in message
    assert batch.annotator_path("ann-a").read_text(encoding="utf-8") == written
    assert not batch.annotator_path("ann-c").exists()


def test_the_running_server_calls_no_one_and_keeps_its_data_private(live_studio):
    """By Label Studio's own names and precedence (LABEL_STUDIO_X, HEARTEX_X, X), in the running
    server's environment; the browser page has no Sentry; the database is the owner's only.
    The session's environment holds hostile values of these settings (conftest.live_studio)."""
    import os
    import stat
    from pathlib import Path

    from sayso.annotation.server import effective_setting

    pid = ServerState.read(live_studio.data_dir).pid
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    env = dict(item.decode("utf-8", "replace").split("=", 1) for item in raw if b"=" in item)
    assert effective_setting(env, "SENTRY_DSN") == ""
    assert effective_setting(env, "FRONTEND_SENTRY_DSN") == ""
    assert effective_setting(env, "COLLECT_ANALYTICS") == "false"
    assert effective_setting(env, "LATEST_VERSION_CHECK") == "false"
    assert "hostile.invalid" not in repr(env) and os.environ.get("SENTRY_DSN", "").endswith("hostile.invalid/1")

    assert "sentry_dsn: null" in _logged_in_page(live_studio, "/projects/")

    assert stat.S_IMODE(live_studio.data_dir.stat().st_mode) == 0o700
    databases = list(live_studio.data_dir.glob("*.sqlite3"))
    assert databases and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in databases)


def _logged_in_page(live_studio, path: str) -> str:
    """A page of the web app as the admin sees it in a browser (session login)."""
    import http.cookiejar
    import os
    import re
    import urllib.parse
    import urllib.request

    from sayso.annotation.server import ENV_PASSWORD, ENV_USERNAME

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(live_studio.url + "/user/login/", timeout=10).read().decode("utf-8", "replace")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    token = csrf.group(1) if csrf else next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": os.environ[ENV_USERNAME],
                                   "password": os.environ[ENV_PASSWORD]}).encode()
    opener.open(urllib.request.Request(live_studio.url + "/user/login/", data=form,
                                       headers={"Referer": live_studio.url + "/user/login/"}), timeout=30).read()
    html = opener.open(live_studio.url + path, timeout=30).read().decode("utf-8", "replace")
    assert "sentry_environment" in html, "not the logged-in app page"
    return html
