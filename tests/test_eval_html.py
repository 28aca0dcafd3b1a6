"""The HTML report renders in headless Chromium (the Debian ``chromium`` package) with its
tables and charts, and without a single console message or network request.

The test command (tests/run.sh) installs the browser (`apt-get install -y chromium`); this
test installs nothing, and fails (never skips) where no browser is present.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from sayso.eval import score
from sayso.eval.html import to_html
from test_eval_fixtures import TEXTS, attribution, claim, ent, gold_records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.filterwarnings("ignore::sayso.eval.api.MissingPredictionsWarning")]


@pytest.fixture(autouse=True)
def _browser_present():
    assert CHROMIUM is not None, "headless Chromium is missing: run `apt-get install -y chromium` (tests/run.sh does)"


def render(page: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and every console message Chromium logged."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def fixture_report_html() -> str:
    gold = gold_records()
    b = gold[0]
    pred = replace(b, sentences=None,
                   entities=b.entities[:4] + (ent("t-bridge", "x1", "$4 million", "CARDINAL"),
                                              ent("t-bridge", "x2", "Ortez told", "PERSON")),
                   claims=(claim("t-bridge", "p1", "the Kelby bridge will reopen", "factual", "q1"),),
                   attributions=(attribution("t-bridge", "q1", "Lina Ortez", "said",
                                             "the Kelby bridge will reopen in June"),))
    report = score(gold, [pred], TEXTS, resamples=200, system="fixture-system")
    return to_html(report, gold, [pred], TEXTS)


def test_console_messages_are_caught_by_this_harness(tmp_path):
    """Control: a page with a script error must be reported, or the real test proves nothing."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>notDefined();</script></body></html>")
    _, console = render(page, tmp_path)
    assert any("notDefined" in line for line in console)


def test_report_renders_with_tables_charts_and_no_console_messages(tmp_path):
    html = fixture_report_html()
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    dom, console = render(page, tmp_path)
    assert console == []
    assert 'id="headline"' in dom and 'id="per-type"' in dom
    assert dom.count("<svg") >= 3 and dom.count('class="doc') == 2
    assert "sayso:0.1.0|data:custom@" in dom
    assert "missed: gold PERCENT" in dom and "incorrect: predicted CARDINAL" in dom
    assert "t-port (no prediction)" in dom
    assert 'class="pane gold"' in dom and 'class="pane pred"' in dom


def test_report_requests_nothing_from_the_network():
    html = fixture_report_html()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(" not in html and "@import" not in html


HOSTILE = "<svg onload=alert(1)>"


def hostile_report_html() -> str:
    gold = gold_records()
    b = gold[0]
    pred = replace(b, sentences=None, attributions=b.attributions + (
        attribution("t-bridge", HOSTILE, None, None, "The city spent $4 million on repairs"),))
    report = score(gold, [pred], TEXTS, resamples=0, system="<script>alert(2)</script>")
    return to_html(report, gold, [pred], TEXTS)


def test_every_value_is_escaped():
    """Issue 12: an id like <svg onload=alert(1)> must appear as text."""
    html = hostile_report_html()
    assert HOSTILE not in html and "<script>alert(2)" not in html
    assert "spurious attribution &lt;svg onload=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_the_policy_runs_only_the_pages_own_script(tmp_path):
    html = hostile_report_html()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "script-src 'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1]
    dom, console = render_html(html, tmp_path)
    assert console == [] and dom.count("<svg") == 3  # the three charts; the hostile id is text
    # a script that slipped into the page would not run
    injected = html.replace("</body>", "<script>document.body.dataset.pwned = 'yes';</script></body>")
    dom, console = render_html(injected, tmp_path)
    assert 'data-pwned="yes"' not in dom and any("Content Security Policy" in line for line in console)


def render_html(html: str, tmp_path: Path) -> tuple[str, list[str]]:
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    return render(page, tmp_path)
