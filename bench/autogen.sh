#!/bin/sh
# autogen.sh - the autogenerate benchmark that `make bench-autogen` runs:
# `retort revision --autogenerate` end to end next to Alembic's
# `alembic revision --autogenerate` on the same databases (issue 5,
# "Speed": at least 50x faster at 1,000 tables, the ratio printed at
# each size).
#
# For each size (default 100, 1000 and 5000 tables) it generates the
# peers' schema (../shared/bench/peers/make_schema.py) and, for each
# dialect, makes a database from the kit's DDL: a SQLite file, and a
# database in a private PostgreSQL cluster (tests/lib/pg.sh, stopped on
# exit; with more lock slots, see bench/lib.sh).  The models are that database's schema with one small, known
# change: a nullable column "bench_note" added to the first table and the
# last table dropped (no table references it: the kit's foreign keys
# point to earlier tables).  For retort they are `retort reflect` of the
# database, edited with awk; for Alembic the kit's SQLAlchemy models of
# the same schema (models_base.py), edited the same way.  Both projects
# have an empty history and the database has no version table: "at
# base", the parent of the new revision, so both tools accept it.  Then,
# end to end (process start-up, Python's included, as a user waits for
# it):
#   retort -q -c PROJECT/retort.ini --db URL revision --autogenerate -m bench
#   python3 -m alembic -c PROJECT/alembic.ini revision --autogenerate -m bench
# (the peers' Alembic environment, alembic_env/, with a version
# location in PROJECT).  One untimed run each checks that the draft holds
# the change (and warms the caches and writes Python's .pyc files, under
# BENCH_OUT/pycache); then BENCH_RUNS timed runs of retort and
# BENCH_ALEMBIC_RUNS of Alembic, each from an empty history, give the
# median wall time and the largest peak RSS of the client process.
# It prints a table and whether the ratio at 1,000 tables meets the 50x
# target.  It is not a test and exits 0 whether or not the target is met
# (2 when it cannot run at all).
#
# The kit's schema is used as it is: its BIGINT columns referencing
# INTEGER keys and the reflected enum defaults ('owner'::public.user_role)
# are what real databases have, and retort takes them (a warning; the
# server's normalisation maps public.x to the model's own x).
#
# usage: bench/autogen.sh [SIZES...]
# environment (make bench-autogen sets the first three):
#   BENCH_PARSE  the timing driver (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_OUT    where schemas, databases and projects go (default bench/gen)
#   BENCH_RUNS   timed runs of retort (default 5; 3 from 5,000 tables)
#   BENCH_ALEMBIC_RUNS  timed runs of Alembic (default 3; 1 from 5,000
#                tables, where one run takes over a minute)
#   BENCH_ALEMBIC_MAX   the largest size Alembic is run at (default 5000)
#   BENCH_DIALECTS      default "sqlite postgresql"
#   PYTHON       a python3 with Alembic (default: /usr/bin/python3, python3)
#   RETORT_PEERS the peers' kit (default: this script's ../../shared/bench/peers)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_ALEMBIC_MAX:=5000}"
: "${BENCH_DIALECTS:=sqlite postgresql}"
: "${RETORT_PEERS:=$here/../../shared/bench/peers}"
. "$here/lib.sh"

sizes=${*:-100 1000 5000}
# shellcheck disable=SC2086 # a list of sizes
bench_sizes autogen.sh $sizes
die() {
	echo "autogen.sh: $*" >&2
	exit 2
}
[ -f "$RETORT_PEERS/make_schema.py" ] ||
	die "the peers' kit is missing ($RETORT_PEERS/make_schema.py)"
gen_py=$(bench_python "") || die "python3 is needed to generate the schemas"
[ -x "$BENCH_PARSE" ] || die "$BENCH_PARSE is missing (make bench/bench_parse)"
mkdir -p "$BENCH_OUT" || exit 2
BENCH_OUT=$(cd "$BENCH_OUT" && pwd)
results=$BENCH_OUT/autogen-results
: >"$results"

al_py=$(bench_python "alembic, sqlalchemy") || al_py=
pg_py=
[ -n "$al_py" ] && "$al_py" -c 'import psycopg2' >/dev/null 2>&1 && pg_py=$al_py
# Python's caches of the generated models, kept out of the peers' kit
PYTHONPYCACHEPREFIX=$BENCH_OUT/pycache
export PYTHONPYCACHEPREFIX

bench_header "retort revision --autogenerate against Alembic's, end to end" \
	"issue 5: at least 50x faster than Alembic's autogenerate at 1,000 tables"
echo "# median of ${BENCH_RUNS:-5 (3 from 5,000 tables)} runs (retort) and of ${BENCH_ALEMBIC_RUNS:-3 (1 from 5,000 tables)} (Alembic); peak RSS of the client process"
[ -n "$al_py" ] || echo "# Alembic: skipped (needs Debian's python3-alembic and python3-sqlalchemy)"

pg_ok=0
case " $BENCH_DIALECTS " in
*" postgresql "*)
	if bench_pg_start; then
		pg_ok=1
	else
		echo "# PostgreSQL: skipped ($bench_pg_why)"
	fi
	;;
esac

# edit_schema T0 TL: the reflected model on stdin, with column
# bench_note added to table T0 and table TL removed.
edit_schema() {
	awk -v add="$1" -v drop="$2" '
		$1 == "table" && $2 == drop { skip = 1; next }
		skip { if ($0 == "}") skip = 0; next }
		{ print }
		$1 == "table" && $2 == add { print "  bench_note text," }'
}

# edit_models T0 TL: models_base.py on stdin, the same change.
edit_models() {
	awk -v add="$1" -v drop="$2" '
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++)
				if (line[i] == "    __tablename__ = \x27" drop "\x27")
					from = i - 1
			for (i = 1; i <= NR; i++) {
				if (i == from)
					skip = 1
				else if (skip && line[i] ~ /^class /)
					skip = 0
				if (skip)
					continue
				print line[i]
				if (line[i] == "    __tablename__ = \x27" add "\x27")
					print "    bench_note = sa.Column(\x27bench_note\x27, sa.Text(), nullable=True)"
			}
		}'
}

# found FILE PATTERN...: whether FILE has a line matching each pattern.
found() {
	found_file=$1
	shift
	for found_pat in "$@"; do
		grep -q -e "$found_pat" "$found_file" || return 1
	done
}

# run_pair DIALECT N URL ALEMBIC_URL: both tools on one database; a line
# "DIALECT N RETORT_MS RETORT_MB ALEMBIC_MS ALEMBIC_MB" in $results.
run_pair() {
	d=$1 n=$2 url=$3 al_url=$4
	p=$BENCH_OUT/autogen-$d-$n
	pdir=$BENCH_OUT/peers-$n
	t0=$(sed -n "s/^    __tablename__ = '\\(.*\\)'\$/\\1/p" "$pdir/models_base.py" | head -n 1)
	tl=$(sed -n "s/^    __tablename__ = '\\(.*\\)'\$/\\1/p" "$pdir/models_base.py" | tail -n 1)
	rm -rf "$p"
	mkdir -p "$p/models" "$p/migrations" "$p/versions" || exit 2
	printf '[retort]\nmodels = models\nmigrations = migrations\n' >"$p/retort.ini"

	r_ms=- r_mb=- a_ms=- a_mb=-
	if ! "$RETORT" -q reflect --db "$url" >"$p/reflected.schema" 2>"$p/retort.err"; then
		echo "$d $n: retort reflect failed:"
		cut -c 1-200 "$p/retort.err" | head -n 5 | sed 's/^/    /'
	elif grep -q "references $tl " "$p/reflected.schema"; then
		echo "$d $n: table $tl is referenced: the change would not be small"
	else
		edit_schema "$t0" "$tl" <"$p/reflected.schema" \
			>"$p/models/app.schema"
		set -- "$RETORT" -q -c "$p/retort.ini" --db "$url" \
			revision --autogenerate -m bench
		if ! "$@" >/dev/null 2>"$p/retort.err"; then
			echo "$d $n: retort revision --autogenerate failed:"
			cut -c 1-200 "$p/retort.err" | head -n 5 | sed 's/^/    /'
		else
			draft=$(ls "$p"/migrations/*.migration)
			ops=$(sed -n '/^upgrade {/,/^}/p' "$draft" |
				grep '^  [a-z]' | grep -vc '^  warning ')
			found "$draft" "add column $t0\\.bench_note text" "drop table $tl;" ||
				echo "$d $n: retort's draft does not hold the change ($draft)"
			[ "$ops" = 2 ] || echo "$d $n: retort's draft has $ops operations, not 2 ($draft)"
			runs=${BENCH_RUNS:-5}
			[ "$n" -ge 5000 ] && runs=${BENCH_RUNS:-3}
			set -- $(bench_median "$runs" "rm -f '$p'/migrations/*" "$@")
			r_ms=$1 r_mb=$2
			[ "$3" = 0 ] || echo "$d $n: retort exited $3"
		fi
	fi

	runs=${BENCH_ALEMBIC_RUNS:-3}
	[ "$n" -ge 5000 ] && runs=${BENCH_ALEMBIC_RUNS:-1}
	if [ -z "$al_py" ] || { [ "$d" = postgresql ] && [ -z "$pg_py" ]; }; then
		[ -n "$al_py" ] && echo "$d $n: Alembic skipped (needs python3-psycopg2)"
	elif [ "$n" -gt "$BENCH_ALEMBIC_MAX" ]; then
		echo "$d $n: Alembic skipped above BENCH_ALEMBIC_MAX=$BENCH_ALEMBIC_MAX tables"
	else
		edit_models "$t0" "$tl" <"$pdir/models_base.py" >"$p/models.py"
		printf '[alembic]\nscript_location = %s\nversion_locations = %s\n' \
			"$RETORT_PEERS/alembic_env" "$p/versions" >"$p/alembic.ini"
		BENCH_URL=$al_url BENCH_MODELS=$p/models.py
		export BENCH_URL BENCH_MODELS
		set -- "$al_py" -m alembic -c "$p/alembic.ini" \
			revision --autogenerate -m bench
		if ! "$@" >/dev/null 2>"$p/alembic.err"; then
			echo "$d $n: alembic revision --autogenerate failed:"
			tail -n 5 "$p/alembic.err" | sed 's/^/    /'
		else
			draft=$(ls "$p"/versions/*.py)
			found "$draft" "op.add_column('$t0', sa.Column('bench_note'" \
				"op.drop_table('$tl')" ||
				echo "$d $n: Alembic's draft does not hold the change ($draft)"
			set -- $(bench_median "$runs" "rm -f '$p'/versions/*.py" "$@")
			a_ms=$1 a_mb=$2
			[ "$3" = 0 ] || echo "$d $n: Alembic exited $3"
		fi
	fi
	echo "$d $n $r_ms $r_mb $a_ms $a_mb" >>"$results"
	echo "$d $n: retort $r_ms ms ($r_mb MB), Alembic $a_ms ms ($a_mb MB)"
}

for n in $sizes; do
	pdir=$BENCH_OUT/peers-$n
	if [ ! -s "$pdir/models_base.py" ] || [ ! -s "$pdir/base_pg.sql" ]; then
		"$gen_py" "$RETORT_PEERS/make_schema.py" "$n" --out "$pdir" >/dev/null ||
			die "make_schema.py $n failed"
	fi
	for d in $BENCH_DIALECTS; do
		case $d in
		sqlite)
			db=$BENCH_OUT/autogen-$n.db
			if [ ! -s "$db" ] || [ "$pdir/base_sqlite.sql" -nt "$db" ]; then
				rm -f "$db"
				"$gen_py" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.stdin.read()); c.commit()' "$db" <"$pdir/base_sqlite.sql" ||
					die "loading $pdir/base_sqlite.sql failed"
			fi
			run_pair sqlite "$n" "sqlite:///$db" "sqlite:///$db"
			;;
		postgresql)
			[ $pg_ok = 1 ] || continue
			db=autogen_$n
			t=$(date +%s)
			psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
			psql_q -d postgres -c "CREATE DATABASE $db" >/dev/null &&
				psql_q -d "$db" -f "$pdir/base_pg.sql" >"$BENCH_OUT/autogen-load-$n.log" 2>&1 &&
				psql_q -d "$db" -c 'VACUUM ANALYZE' >/dev/null 2>&1 ||
				die "loading $pdir/base_pg.sql failed (see $BENCH_OUT/autogen-load-$n.log)"
			echo "postgresql $n: loaded in $(($(date +%s) - t)) s"
			run_pair postgresql "$n" \
				"postgresql://postgres@/$db?host=$PGHOST&port=$PGPORT" \
				"postgresql+psycopg2://postgres@/$db?host=$PGHOST&port=$PGPORT"
			psql_q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1
			;;
		*) die "unknown dialect \"$d\" in BENCH_DIALECTS" ;;
		esac
	done
done

echo
awk '
	BEGIN {
		printf "%-10s %7s %12s %8s %13s %8s %8s\n", "dialect", "tables",
		    "retort ms", "MB", "Alembic ms", "MB", "ratio"
	}
	{
		ratio = ($3 != "-" && $5 != "-" && $3 > 0) ? sprintf("%.0fx", $5 / $3) : "-"
		printf "%-10s %7d %12s %8s %13s %8s %8s\n", $1, $2, $3, $4, $5, $6, ratio
		if ($2 == 1000 && ratio != "-")
			verdict[$1] = sprintf("%s at 1,000 tables: %.0fx faster than Alembic: %s (>= 50x)",
			    $1, $5 / $3, $5 >= 50 * $3 ? "met" : "MISSED")
	}
	END {
		print ""
		n = 0
		for (d in verdict) { print verdict[d]; n++ }
		if (!n)
			print "the 50x target at 1,000 tables: not measured"
	}' "$results"
exit 0
