#!/usr/bin/env bash
# Quick start: virtual environment, install, migrate, demo data, run the site (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
export DEBUG="${DEBUG:-1}"
python manage.py migrate --noinput
python manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
python manage.py load_demo_data
echo
echo "Site:        http://127.0.0.1:${PORT:-8000}/"
echo "Back-office: http://127.0.0.1:${PORT:-8000}/admin/  (logins above)"
exec python manage.py runserver "127.0.0.1:${PORT:-8000}"
