#!/usr/bin/env bash
# The test command (README, .ci/run): install the project and what its tests need, run them.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test,peer-spacy,peer-textacy]"
# Headless Chromium renders the HTML report in one test (Debian package; no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "warning: could not install chromium" >&2
fi
# The Label Studio server lives in its own environment (.studio/venv, ~1 GB): install it as
# its own step so that a failure here is not mistaken for a failing test.
sayso studio install
exec python -m pytest "$@"
