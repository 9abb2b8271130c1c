#!/usr/bin/env bash
# Quick start: virtual environment, install, migrate, demo data, run the site (SQLite).
# PORT=8123 scripts/demo.sh serves on another port than 8000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
export DEBUG="${DEBUG:-1}"
port="${PORT:-8000}"
echo "Preparing the database…"
python manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
python manage.py migrate --noinput
echo "Loading the demo data…"
python manage.py load_demo_data
echo "Checking the audit trail's hash chain…"
python manage.py verify_audit_trail
echo "Starting the job worker (e-mail, background jobs)…"
# The worker sends the queued e-mail (printed here, as the demo has no mail
# server) and runs background jobs; it stops with the site.
python manage.py db_worker --interval 1 > .demo-worker.log 2>&1 &
worker=$!
# Strong electronic identification against the test suite's local broker,
# with made-up persons (issue 12): the demo only, never a real site.
echo "Starting the demo identification broker (made-up test persons)…"
rm -f .demo-broker.env
python scripts/demo_broker.py "$port" .demo-broker.env > .demo-broker.log 2>&1 &
broker=$!
trap 'kill "$worker" "$broker" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do [ -s .demo-broker.env ] && break; sleep 0.2; done
if [ -s .demo-broker.env ]; then
  # shellcheck disable=SC1091
  source .demo-broker.env
  export PERSON_ID_HMAC_KEY="${PERSON_ID_HMAC_KEY:-demo-only-not-a-secret}"
else
  echo "The demo broker did not start (see .demo-broker.log): identification stays off."
fi
echo
echo "Site:        http://127.0.0.1:${port}/"
echo "Back-office: http://127.0.0.1:${port}/admin/  (logins above)"
echo "Own page:    http://127.0.0.1:${port}/omat-tiedot/  (identify as a made-up test person; use 127.0.0.1, not localhost)"
echo "Stop the site with Ctrl+C. This is Django's development server, for the demo only;"
echo "production runs gunicorn (README: Deployment)."
# Said above in a line that does not look like an error (issue 16).
export DJANGO_RUNSERVER_HIDE_WARNING=true
echo "E-mail the site sends is written to .demo-worker.log."
python manage.py runserver "127.0.0.1:${port}"
