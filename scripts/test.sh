#!/usr/bin/env bash
# The whole test suite: unit, integration and browser tests (pytest).
# Uses SQLite unless DATABASE_URL points elsewhere; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
python -m pytest "$@"
