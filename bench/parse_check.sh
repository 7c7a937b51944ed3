#!/bin/sh
# parse_check.sh - the front-end benchmark that `make bench` runs.
#
# For each size (default 1000 and 10000 tables) it generates the model with
# bench/gen_model.py (the peers' schema when ../shared/bench/peers is there),
# times parse+check in-process with bench/bench_parse (best of 5; the
# issue's targets are checked at 10,000 tables), times `retort sql` end to
# end for reference, and, when Python's SQLAlchemy is installed, times the
# import of the same schema as SQLAlchemy declarative models (the peers'
# models_base.py) and prints the ratio.  It prints figures; it is not a test
# and exits 0 whether or not a target is met.
#
# usage: bench/parse_check.sh [SIZES...]
# environment (make bench sets the first three):
#   BENCH_PARSE  the driver (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_SRCDIR the source tree's bench/ (default: this script's directory)
#   BENCH_OUT    where generated models go (default bench/gen)
#   BENCH_RUNS   runs of the in-process driver (default 5)
#   BENCH_SA_RUNS  SQLAlchemy imports timed (default 3; 1 from 5,000 tables)
#   PYTHON       a python3 with SQLAlchemy (default: the first of python3,
#                /usr/bin/python3 that can import it)
#   RETORT_PEERS the peers' kit (default BENCH_SRCDIR/../../shared/bench/peers)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_SRCDIR:=$here}"
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_RUNS:=5}"
: "${RETORT_PEERS:=$BENCH_SRCDIR/../../shared/bench/peers}"
export RETORT_PEERS

sizes=${*:-1000 10000}
for n in $sizes; do
	case $n in
	''|*[!0-9]*) echo "usage: parse_check.sh [NUMBER-OF-TABLES...]" >&2; exit 2 ;;
	esac
done
mkdir -p "$BENCH_OUT" || exit 2

# a python3 for the generator (standard library only) ...
gen_py=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1; then gen_py=$p; break; fi
done
if [ -z "$gen_py" ]; then
	echo "parse_check.sh: python3 is needed to generate the models" >&2
	exit 2
fi
# ... and one with SQLAlchemy for the comparison, if any
sa_py=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	   "$p" -c 'import sqlalchemy' >/dev/null 2>&1; then sa_py=$p; break; fi
done

echo "# retort front-end benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo '?') CPUs"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (figures are wall times: run on a quiet machine)"
echo "# targets (issue 2, 10,000 tables): parse+check <= 100 ms, >= 50 MB/s, peak RSS <= 100 MB"
for n in $sizes; do
	model=$BENCH_OUT/$n.schema
	echo
	echo "## $n tables"
	if [ ! -s "$model" ] || [ "$BENCH_SRCDIR/gen_model.py" -nt "$model" ]; then
		"$gen_py" "$BENCH_SRCDIR/gen_model.py" "$n" --out "$model" || exit 2
	fi

	targets=
	[ "$n" = 10000 ] && targets=--targets
	# as `retort -q` runs (warnings counted, not formatted): the figure
	# the targets are about; then with every warning message formatted
	res=$("$BENCH_PARSE" -n "$BENCH_RUNS" -q $targets "$model")
	printf '%s\n' "$res" | sed '1s/^/in-process  /; 2,$s/^/            /'
	"$BENCH_PARSE" -n "$BENCH_RUNS" "$model" | sed -n 's/^parse+check/            parse+check/p'
	ms_line=$(printf '%s\n' "$res" | sed -n 's/.*: best \([0-9.]*\) ms.*/\1/p')

	# -q: the generated models have foreign keys without an index (as the
	# peers' schema does), and printing thousands of warnings is not what
	# is being measured
	printf 'retort -q sql (sqlite, end to end)      '
	"$BENCH_PARSE" --exec 3 "$RETORT" -q sql --models "$model"
	printf 'retort -q sql --dialect postgresql      '
	"$BENCH_PARSE" --exec 3 "$RETORT" -q sql --dialect postgresql --models "$model"

	if [ -n "$sa_py" ] && [ -f "$RETORT_PEERS/make_schema.py" ]; then
		pdir=$BENCH_OUT/peers-$n
		if [ ! -s "$pdir/models_base.py" ]; then
			"$sa_py" "$RETORT_PEERS/make_schema.py" "$n" --out "$pdir" >/dev/null || continue
		fi
		# one warm-up (byte-compiles models_base.py), then the best of a
		# few fresh interpreters importing the models, minus the bare
		# start-up with sqlalchemy imported: the figure is declaring only
		sa_runs=${BENCH_SA_RUNS:-3}
		[ "$n" -ge 5000 ] && sa_runs=${BENCH_SA_RUNS:-1}
		"$sa_py" -c "import sys; sys.path.insert(0, '$pdir'); import models_base" || continue
		sa=$("$BENCH_PARSE" --exec "$sa_runs" "$sa_py" -c "import sys; sys.path.insert(0, '$pdir'); import models_base")
		base=$("$BENCH_PARSE" --exec 3 "$sa_py" -c "import sqlalchemy.orm, sqlalchemy.dialects.postgresql")
		echo "SQLAlchemy  import models_base.py: $sa"
		echo "            interpreter + sqlalchemy alone: $base"
		sa_ms=${sa%% ms*}
		base_ms=${base%% ms*}
		[ -n "$ms_line" ] && awk -v sa="$sa_ms" -v b="$base_ms" -v r="$ms_line" 'BEGIN {
			d = sa - b
			printf "            declaring the models: %.0f ms = %.0fx retort parse+check (%.1f ms)\n", d, (r > 0 ? d / r : 0), r
		}'
	else
		echo "SQLAlchemy  skipped (needs python3-sqlalchemy and the peers' make_schema.py)"
	fi
done
exit 0
