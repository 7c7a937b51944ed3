#!/bin/sh
# tools/quickstart.sh - the README's first command, on a fresh Debian
# machine: installs the build dependencies (tools/bootstrap.sh), builds
# retort in the source tree, checks every example model under schemas/ for
# each dialect it is meant for, and applies the Kallithea-like example to a
# new SQLite database, app.db, listing the tables it created.
#
# Safe to run again: it rebuilds only what changed and recreates app.db.
set -eu
cd "$(dirname "$0")/.."

sh tools/bootstrap.sh
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make

# A model whose files start with "-- dialects: postgresql" is for
# PostgreSQL only; the others are checked for both dialects.
for dir in schemas/*/; do
	model=${dir%/}
	dialects="sqlite postgresql"
	for f in $(find "$model" -name '*.schema'); do
		if [ "$(head -n 1 "$f")" = "-- dialects: postgresql" ]; then
			dialects="postgresql"
		fi
	done
	for d in $dialects; do
		./retort --models "$model" sql --dialect "$d" >/dev/null
		echo "quickstart: $model: checked for $d"
	done
done

rm -f app.db
sql=$(./retort --models schemas/kallithea sql --dialect sqlite)
printf '%s\n' "$sql" | sqlite3 -bail app.db
echo "quickstart: created app.db with these tables:"
sqlite3 app.db "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
