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
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo
echo "Site:        http://127.0.0.1:${port}/"
echo "Back-office: http://127.0.0.1:${port}/admin/  (logins above)"
echo "Stop the site with Ctrl+C. This is Django's development server, for the demo only;"
echo "production runs gunicorn (README: Deployment)."
# Said above in a line that does not look like an error (issue 16).
export DJANGO_RUNSERVER_HIDE_WARNING=true
echo "E-mail the site sends is written to .demo-worker.log."
python manage.py runserver "127.0.0.1:${port}"
