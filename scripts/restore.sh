#!/usr/bin/env bash
# Restore an encrypted backup from scripts/backup.sh into an EMPTY database.
#
#   BACKUP_AGE_IDENTITY=/secure/backup-key.txt scripts/restore.sh FILE postgres://.../kanalinhelmi_restored
#
# Then check it: DATABASE_URL=<that database> manage.py verify_audit_trail --seal <latest seal>
set -euo pipefail
file="${1:?usage: scripts/restore.sh BACKUP_FILE TARGET_DATABASE_URL}"
target="${2:?usage: scripts/restore.sh BACKUP_FILE TARGET_DATABASE_URL}"
: "${BACKUP_AGE_IDENTITY:?set BACKUP_AGE_IDENTITY to the file holding the age private key}"
tables=$(psql "$target" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The target database is not empty ($tables tables): restore only into a new, empty database." >&2
  exit 2
fi
age --decrypt --identity "$BACKUP_AGE_IDENTITY" "$file" \
  | pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target"
echo "Restored $file into the target database. Now run verify_audit_trail against it."
