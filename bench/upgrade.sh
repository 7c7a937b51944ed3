#!/bin/sh
# upgrade.sh - the upgrade overhead benchmark that `make bench-upgrade`
# runs (issue 5, "Speed": `upgrade` overhead per empty migration at most
# 5 ms on SQLite).
#
# It writes a linear history of N empty migrations (default 200: no
# operations, only the header and empty sections) into
# BENCH_OUT/upgrade-N/migrations, then times, end to end, median of
# BENCH_RUNS runs, each on a fresh SQLite file:
#   retort -c PROJECT/retort.ini --db sqlite:///FILE upgrade head
# and prints that time over N (what an empty migration costs, start-up
# included) against the target, and the marginal cost, (T(N) - T(1)) /
# (N - 1), with T(1) timed the same way on the first migration alone
# (`upgrade REV`).  What it measures is retort's own work per migration:
# reading the version table, a transaction, the version row and its
# checksum.
#
# Until retort has an `upgrade` command (`retort upgrade --help` fails)
# it says so and exits 0, so that it runs unchanged once the command
# lands.
#
# For comparison, when Debian's python3-alembic is installed: Alembic's
# `upgrade head` of N empty revisions on a fresh SQLite file, through
# the peers' environment (alembic_env/, which imports a models module:
# here an empty MetaData).  Alembic runs all of them in one transaction
# by default; retort commits each migration on its own (issue 5,
# "Safety"), which costs a commit per migration.
#
# It prints figures; it is not a test and exits 0 whether or not the
# target is met.
#
# usage: bench/upgrade.sh [N]
# environment (make bench-upgrade sets the first three):
#   BENCH_PARSE  the timing driver (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_OUT    where the history and databases go (default bench/gen)
#   BENCH_RUNS   timed runs of each command (default 5)
#   PYTHON       a python3 with Alembic (default: /usr/bin/python3, python3)
#   RETORT_PEERS the peers' kit (default: this script's ../../shared/bench/peers)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_RUNS:=5}"
: "${RETORT_PEERS:=$here/../../shared/bench/peers}"
. "$here/lib.sh"

n=${1:-200}
bench_sizes upgrade.sh "$n"
[ "$n" -ge 2 ] || {
	echo "upgrade.sh: N must be at least 2" >&2
	exit 2
}
if [ ! -x "$BENCH_PARSE" ]; then
	echo "upgrade.sh: $BENCH_PARSE is missing (make bench/bench_parse)" >&2
	exit 2
fi
mkdir -p "$BENCH_OUT" || exit 2
BENCH_OUT=$(cd "$BENCH_OUT" && pwd)
p=$BENCH_OUT/upgrade-$n

bench_header "retort upgrade of $n empty migrations on SQLite" \
	"issue 5: upgrade overhead per empty migration at most 5 ms on SQLite"
echo "# median of $BENCH_RUNS runs, end to end, each on a fresh database file"

if ! "$RETORT" upgrade --help >/dev/null 2>&1; then
	echo "retort has no upgrade command yet"
	exit 0
fi

rm -rf "$p"
mkdir -p "$p/migrations" "$p/models" "$p/versions" || exit 2
printf '[retort]\nmodels = models\nmigrations = migrations\n' >"$p/retort.ini"
: >"$p/models/app.schema"
# the same chain for retort and, as Python files, for Alembic
awk -v n="$n" -v dir="$p" 'BEGIN {
	for (i = 1; i <= n; i++) {
		rev = sprintf("%012x", i)
		parent = i == 1 ? "" : sprintf("%012x", i - 1)
		f = dir "/migrations/" rev "_empty.migration"
		printf "migration %s\nparent    %s\nmessage   \x27empty %d\x27\n" \
		    "created   \x27%s\x27\n\nupgrade {\n}\n\ndowngrade {\n}\n",
		    rev, parent == "" ? "none" : parent, i,
		    sprintf("2026-01-%02dT%02d:%02d:00Z", 1 + int(i / 1440) % 28,
		        int(i / 60) % 24, i % 60) > f
		close(f)
		f = dir "/versions/" rev "_empty.py"
		printf "revision = \x27%s\x27\ndown_revision = %s\nbranch_labels = None\n" \
		    "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\n" \
		    "def downgrade():\n    pass\n",
		    rev, parent == "" ? "None" : "\x27" parent "\x27" > f
		close(f)
	}
}' || exit 2

# a fresh database is an empty file: retort opens a SQLite database, it
# does not create one (a mistyped path would make an empty database)
db=$p/retort.db
fresh="rm -f '$db' && : >'$db'"
eval "$fresh"
first=$(printf '%012x' 1)
if ! "$RETORT" -c "$p/retort.ini" --db "sqlite:///$db" upgrade head \
	>/dev/null 2>"$p/upgrade.err"; then
	echo "retort upgrade head failed:"
	cut -c 1-200 "$p/upgrade.err" | head -n 5 | sed 's/^/    /'
	exit 0
fi
set -- $(bench_median "$BENCH_RUNS" "$fresh" \
	"$RETORT" -c "$p/retort.ini" --db "sqlite:///$db" upgrade head)
all=$1
echo "retort upgrade head ($n migrations)   $1 ms, $2 MB, exit $3"
set -- $(bench_median "$BENCH_RUNS" "$fresh" \
	"$RETORT" -c "$p/retort.ini" --db "sqlite:///$db" upgrade "$first")
one=$1
echo "retort upgrade $first (1 migration) $1 ms, $2 MB, exit $3"

al=
al_py=$(bench_python "alembic, sqlalchemy") || al_py=
if [ -n "$al_py" ] && [ -d "$RETORT_PEERS/alembic_env" ]; then
	printf 'import sqlalchemy as sa\nmetadata = sa.MetaData()\n' >"$p/models.py"
	printf '[alembic]\nscript_location = %s\nversion_locations = %s\n' \
		"$RETORT_PEERS/alembic_env" "$p/versions" >"$p/alembic.ini"
	BENCH_URL=sqlite:///$p/alembic.db BENCH_MODELS=$p/models.py
	PYTHONPYCACHEPREFIX=$BENCH_OUT/pycache
	export BENCH_URL BENCH_MODELS PYTHONPYCACHEPREFIX
	set -- "$al_py" -m alembic -c "$p/alembic.ini" upgrade head
	rm -f "$p/alembic.db"
	if "$@" >/dev/null 2>"$p/alembic.err"; then
		set -- $(bench_median "$BENCH_RUNS" "rm -f '$p/alembic.db'" "$@")
		al=$1
		echo "alembic upgrade head ($n revisions)  $1 ms, $2 MB, exit $3"
	else
		echo "alembic upgrade head failed:"
		tail -n 5 "$p/alembic.err" | sed 's/^/    /'
	fi
else
	echo "Alembic: skipped (needs Debian's python3-alembic and the peers' kit)"
fi

awk -v all="$all" -v one="$one" -v n="$n" -v al="$al" 'BEGIN {
	per = all / n
	printf "per migration: %.2f ms (upgrade head / %d), %.2f ms marginal ((T(%d) - T(1)) / %d)\n",
	    per, n, (all > one ? (all - one) / (n - 1) : 0), n, n - 1
	if (al != "")
		printf "Alembic per revision: %.2f ms (%.0fx retort%ss)\n", al / n,
		    (all > 0 ? al / all : 0), "\x27"
	printf "upgrade overhead per empty migration: %s (<= 5 ms)\n", per <= 5 ? "met" : "MISSED"
}'
exit 0
