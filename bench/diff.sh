#!/bin/sh
# diff.sh - the differ and SQL compiler benchmark that `make bench-diff` runs.
#
# For each size (default 1000 and 10000 tables) it generates the model and
# its changed variant with bench/gen_model.py (the peers' schema and their
# "changed" variant: 5% of the tables altered, a column added, a
# nullability flipped, an index added, a column dropped), times the differ
# and the SQL compiler in-process with bench/bench_diff for both dialects
# (best of 5; the issue's targets are checked at 10,000 tables), times
# `retort diff` and `retort diff --sql` end to end, and, when Python's
# Alembic is installed and the size is at most BENCH_ALEMBIC_MAX, runs the
# peers' Alembic harness (alembic_direct.py: autogenerate of the changed
# models against a SQLite database made from the base DDL) next to
# `retort diff` from the same database to the changed models, and prints
# the ratio.  It prints figures; it is not a test and exits 0 whether or
# not a target is met.
#
# usage: bench/diff.sh [SIZES...]
# environment (make bench-diff sets the first four):
#   BENCH_DIFF   the driver (default bench/bench_diff)
#   BENCH_PARSE  times commands end to end (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_SRCDIR the source tree's bench/ (default: this script's directory)
#   BENCH_OUT    where generated models go (default bench/gen)
#   BENCH_RUNS   runs of the in-process driver (default 5)
#   BENCH_ALEMBIC_MAX  the largest size Alembic is run at (default 1000:
#                its SQLite comparison grows quadratically, about 90 s
#                at 5,000 tables)
#   PYTHON       a python3 with Alembic (default: the first of python3,
#                /usr/bin/python3 that can import it)
#   RETORT_PEERS the peers' kit (default BENCH_SRCDIR/../../shared/bench/peers)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_SRCDIR:=$here}"
: "${BENCH_DIFF:=bench/bench_diff}"
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_RUNS:=5}"
: "${BENCH_ALEMBIC_MAX:=1000}"
: "${RETORT_PEERS:=$BENCH_SRCDIR/../../shared/bench/peers}"
export RETORT_PEERS

sizes=${*:-1000 10000}
for n in $sizes; do
	case $n in
	''|*[!0-9]*) echo "usage: diff.sh [NUMBER-OF-TABLES...]" >&2; exit 2 ;;
	esac
done
mkdir -p "$BENCH_OUT" || exit 2

gen_py=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1; then gen_py=$p; break; fi
done
if [ -z "$gen_py" ]; then
	echo "diff.sh: python3 is needed to generate the models" >&2
	exit 2
fi
if [ ! -f "$RETORT_PEERS/make_schema.py" ]; then
	echo "diff.sh: the changed variant needs the peers' kit ($RETORT_PEERS)" >&2
	exit 2
fi
al_py=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	   "$p" -c 'import alembic, sqlalchemy' >/dev/null 2>&1; then al_py=$p; break; fi
done

# the model of n tables (changed: the variant) in $BENCH_OUT
model() {
	f=$BENCH_OUT/$1$2.schema
	if [ ! -s "$f" ] || [ "$BENCH_SRCDIR/gen_model.py" -nt "$f" ]; then
		"$gen_py" "$BENCH_SRCDIR/gen_model.py" "$1" ${2:+--changed} --out "$f" || exit 2
	fi
}

echo "# retort diff and SQL compile benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo '?') CPUs"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (figures are wall times: run on a quiet machine)"
echo "# targets (issue 4, 10,000 tables, 5% changed): diff <= 50 ms, compile to SQL <= 50 ms, peak RSS < 150 MB"
for n in $sizes; do
	model "$n" ""
	model "$n" -changed
	a=$BENCH_OUT/$n.schema
	b=$BENCH_OUT/$n-changed.schema
	echo
	echo "## $n tables, $(wc -c <"$a" | tr -d ' ') -> $(wc -c <"$b" | tr -d ' ') bytes"

	targets=
	[ "$n" = 10000 ] && targets=--targets
	"$BENCH_DIFF" -n "$BENCH_RUNS" --dialect sqlite --dialect postgresql \
		$targets "$a" "$b" | sed 's/^/in-process  /'

	# -q: the checker's warnings about the models are not what is timed
	for d in sqlite postgresql; do
		printf 'retort -q --dialect %-10s diff (end to end)        ' "$d"
		"$BENCH_PARSE" --exec 3 "$RETORT" -q --dialect "$d" diff --from "$a" --to "$b"
		printf 'retort -q --dialect %-10s diff --sql (end to end)  ' "$d"
		"$BENCH_PARSE" --exec 3 "$RETORT" -q --dialect "$d" diff --from "$a" --to "$b" --sql
	done

	if [ -z "$al_py" ]; then
		echo "Alembic     skipped (needs python3-alembic, python3-sqlalchemy)"
		continue
	fi
	if [ "$n" -gt "$BENCH_ALEMBIC_MAX" ]; then
		echo "Alembic     skipped above BENCH_ALEMBIC_MAX=$BENCH_ALEMBIC_MAX tables (quadratic on SQLite)"
		continue
	fi
	# the peers' harness: a SQLite database from their base DDL,
	# autogenerate of their changed models against it, in-process
	pdir=$BENCH_OUT/peers-$n
	if [ ! -s "$pdir/models_changed.py" ]; then
		"$al_py" "$RETORT_PEERS/make_schema.py" "$n" --out "$pdir" >/dev/null || continue
	fi
	db=$BENCH_OUT/diff-$n.db
	if [ ! -s "$db" ]; then
		"$al_py" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit()' \
			"$db" "$pdir/base_sqlite.sql" || continue
	fi
	res=$("$al_py" "$RETORT_PEERS/alembic_direct.py" --url "sqlite:///$db" \
		--models "$pdir/models_changed.py" --expected "$pdir/expected_changes.json") || continue
	printf 'retort -q diff --from sqlite:///%s --to %s  ' "$db" "$b"
	rt=$("$BENCH_PARSE" --exec 3 "$RETORT" -q diff --from "sqlite:///$db" --to "$b")
	echo "$rt"
	case $rt in [0-9]*' ms '*) ;; *) continue ;; esac
	printf '%s\n' "$res" | "$al_py" -c '
import json, sys
r = json.load(sys.stdin)
rt = float(sys.argv[1])
cmp_ms = r["t_compare"] * 1e3
print("Alembic     autogenerate (alembic_direct.py, SQLite): compare %.0f ms (reflection + diff, %d queries), "
      "render %.0f ms; importing the models %.0f ms; %d diffs, %s"
      % (cmp_ms, r["queries_compare"], r["t_render"] * 1e3, r["t_import_models"] * 1e3,
         r["diffs"], "exactly the planted changes" if r.get("correct") else "NOT the planted changes"))
print("            compare alone = %.0fx `retort diff` from the same database, end to end (%.1f ms)"
      % (cmp_ms / rt if rt > 0 else 0, rt))
' "${rt%% ms*}"
done
exit 0
