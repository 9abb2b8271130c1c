#!/usr/bin/env bash
# Encrypted backup of the register's PostgreSQL database (S27, S32).
# pg_dump in custom format, piped straight into age: nothing unencrypted
# touches the disk. Needs Debian's postgresql-client and age.
#
#   BACKUP_AGE_RECIPIENT=age1...  DATABASE_URL=postgres://...  scripts/backup.sh [FILE]
#
# BACKUP_AGE_RECIPIENT is the public key (age-keygen prints it); the private
# key is needed only to restore, and is kept away from the backups.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database of the register}"
: "${BACKUP_AGE_RECIPIENT:?set BACKUP_AGE_RECIPIENT to the age public key backups are encrypted to}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "Backups are for PostgreSQL; DATABASE_URL is not." >&2; exit 2;; esac
out="${1:-kanalinhelmi-$(date -u +%Y%m%dT%H%M%SZ).dump.age}"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
  | age --encrypt --recipient "$BACKUP_AGE_RECIPIENT" --output "$out.partial"
mv "$out.partial" "$out"
echo "Backup written: $out ($(du -h "$out" | cut -f1))"
