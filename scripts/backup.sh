#!/usr/bin/env bash
# Back up KKR-sekretariat: the database (pg_dump, custom format: every table, history included) AND the
# media folder (every published PDF and bilag: a database dump alone misses them). docs/operations.md.
# Usage: DATABASE_URL=postgres://... MEDIA_ROOT=/srv/kkr/media scripts/backup.sh /backups/2026-11-27
set -euo pipefail
target="${1:?usage: scripts/backup.sh TARGET_FOLDER}"
: "${DATABASE_URL:?set DATABASE_URL}" "${MEDIA_ROOT:?set MEDIA_ROOT}"
mkdir -p "$target"
# The database first: a file uploaded during the backup then has no row yet (harmless), never the reverse.
pg_dump --format=custom --no-owner --file="$target/database.dump" "$DATABASE_URL"
tar --create --gzip --file="$target/media.tar.gz" --directory="$MEDIA_ROOT" .
echo "Sikkerhedskopi i $target: database.dump og media.tar.gz"
