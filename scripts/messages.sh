#!/usr/bin/env bash
# Update the Finnish and Swedish message catalogues of every app and of the
# project templates, then compile them. English is the source language.
# Needs GNU gettext (apt-get install gettext). Fill in the new entries, then
# run again so the compiled .mo files match.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
export DEBUG=1
for app in kanalinhelmi registry consent privacy identification; do
  mkdir -p "$app/locale"
  (cd "$app" && django-admin makemessages -l fi -l sv --no-obsolete --add-location=file >/dev/null)
done
python manage.py makemessages -l fi -l sv --no-obsolete --add-location=file \
  --ignore=.venv --ignore=kanalinhelmi --ignore=registry --ignore=consent --ignore=privacy --ignore=identification \
  --ignore=tests --ignore=bench >/dev/null
python manage.py compilemessages --ignore=.venv >/dev/null
echo "Catalogues updated. Untranslated or fuzzy Finnish entries:"
for po in */locale/fi/LC_MESSAGES/django.po locale/fi/LC_MESSAGES/django.po; do
  [ -f "$po" ] && { msgattrib --untranslated --no-obsolete "$po"; msgattrib --only-fuzzy --no-obsolete "$po"; } | { grep -c "^msgid" || true; } | sed "s|^|  $po: |"
done
