#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media folder.
# Usage: DATABASE_URL=postgres://.../kkr_restore MEDIA_ROOT=/srv/kkr/media scripts/restore.sh /backups/2026-11-27
set -euo pipefail
source_folder="${1:?usage: scripts/restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?set DATABASE_URL}" "${MEDIA_ROOT:?set MEDIA_ROOT}"
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$source_folder/database.dump"
mkdir -p "$MEDIA_ROOT"
tar --extract --gzip --file="$source_folder/media.tar.gz" --directory="$MEDIA_ROOT"
echo "Gendannet fra $source_folder"
