#!/bin/sh
# reflect.sh - the reflection benchmark that `make bench-reflect` runs.
#
# For each size (default 1000 and 10000 tables) it generates the peers'
# schema (../shared/bench/peers/make_schema.py: about 14 columns, 1.7
# indexes, 1.5 foreign keys and 0.5 checks per table, five enums), loads
# its PostgreSQL DDL into a private cluster that this script starts and
# stops (initdb + pg_ctl on a Unix socket in a temporary directory, as
# tests/lib/pg.sh does) and its SQLite DDL into a file, and
# prints side by side, on the same database:
#   - `retort reflect --db URL >/dev/null`: best wall time of BENCH_RUNS and
#     peak RSS (bench/bench_parse --exec);
#   - `pg_dump --schema-only` / `sqlite3 DB .schema`: the same;
#   - their ratio;
#   - the number of queries retort sent (PostgreSQL): one extra run with
#     PGOPTIONS='-c log_statement=all', so that only retort's own session
#     logs its statements; the entries the server log gained during that
#     run are counted (each simple-protocol Query or extended-protocol
#     Execute message is one entry: a round trip, whatever the number of
#     statements in its text).  pg_dump's queries are counted the same way.
# and checks the issue's targets at 10,000 PostgreSQL tables: under 1 s,
# at least 3x faster than pg_dump --schema-only, peak RSS under 150 MB,
# and a query count that does not grow with the number of tables.  It
# prints figures; it is not a test and exits 0 whether or not a target is
# met (2 when it cannot run at all).
#
# usage: bench/reflect.sh [SIZES...]
# environment (make bench-reflect sets the first three):
#   BENCH_PARSE  the timing driver (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_OUT    where generated schemas and SQLite files go (bench/gen)
#   BENCH_RUNS   timed runs of each command (default 3)
#   RETORT_PEERS the peers' kit (default: this script's ../../shared/bench/peers)
#   PG_BINDIR    PostgreSQL's server binaries (default: found as pg.sh does)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_RUNS:=3}"
: "${RETORT_PEERS:=$here/../../shared/bench/peers}"

sizes=${*:-1000 10000}
for n in $sizes; do
	case $n in
	'' | *[!0-9]*)
		echo "usage: reflect.sh [NUMBER-OF-TABLES...]" >&2
		exit 2
		;;
	esac
done
die() {
	echo "reflect.sh: $*" >&2
	exit 2
}
have() { command -v "$1" >/dev/null 2>&1; }

[ -f "$RETORT_PEERS/make_schema.py" ] ||
	die "the peers' kit is missing ($RETORT_PEERS/make_schema.py)"
have python3 || die "python3 is needed to generate the schemas"
[ -x "$BENCH_PARSE" ] || die "$BENCH_PARSE is missing (make bench/bench_parse)"
mkdir -p "$BENCH_OUT" || exit 2
BENCH_OUT=$(cd "$BENCH_OUT" && pwd)

# --- the private PostgreSQL cluster ---------------------------------------

pg_ok=0
pg_dir=
pg_bindir=${PG_BINDIR:-}
if [ -z "$pg_bindir" ]; then
	for d in "$(pg_config --bindir 2>/dev/null)" \
		$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			pg_bindir=$d
			break
		fi
	done
fi

as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cleanup() {
	if [ -n "$pg_dir" ]; then
		[ $pg_ok = 1 ] && as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" \
			-m immediate -w stop >/dev/null 2>&1
		rm -rf "$pg_dir"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# pg_start: 0 when the cluster runs (PGHOST... exported), else 1 with the
# reason on stdout.
pg_start() {
	if [ -z "$pg_bindir" ] || ! have psql; then
		echo "no PostgreSQL server binaries or psql"
		return 1
	fi
	pg_dir=$(mktemp -d /tmp/retort-bench-pg.XXXXXX) || return 1
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$pg_dir" || return 1
	fi
	chmod 700 "$pg_dir"
	as_server "$pg_bindir/initdb" -D "$pg_dir/data" -A trust -U postgres \
		-E UTF8 --locale=C -N >"$pg_dir/initdb.log" 2>&1 || {
		echo "initdb failed (see $pg_dir/initdb.log)"
		return 1
	}
	# durability off (a throw-away cluster); enough lock slots for
	# pg_dump, which locks every table in one transaction; autovacuum off
	# so that it does not run during the timings (the script analyses once
	# after loading); statements are logged only where PGOPTIONS asks
	port=$((30000 + $$ % 10000))
	try=0
	while ! as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" \
		-l "$pg_dir/server.log" -w -t 120 \
		-o "-p $port -k $pg_dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=10 -c max_locks_per_transaction=4096 -c autovacuum=off -c log_line_prefix=" \
		start >"$pg_dir/pg_ctl.log" 2>&1; do
		try=$((try + 1))
		[ $try -ge 5 ] && {
			echo "pg_ctl start failed"
			return 1
		}
		port=$((30000 + (port - 30000 + 7919) % 10000))
	done
	pg_ok=1
	PGHOST=$pg_dir
	PGPORT=$port
	PGUSER=postgres
	export PGHOST PGPORT PGUSER
	unset PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS
	return 0
}

psql_q() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

# count_queries CMD...: runs CMD once with its session's statements logged,
# prints how many the server logged.
count_queries() {
	off=$(wc -c <"$pg_dir/server.log")
	PGOPTIONS='-c log_statement=all' "$@" >/dev/null 2>&1
	tail -c +$((off + 1)) "$pg_dir/server.log" |
		grep -cE 'LOG:  (statement|execute [^:]*): '
}

# --- helpers for the figures ----------------------------------------------

# field RESULT NAME: from bench_parse --exec's "X ms best of N, peak RSS Y
# MB, exit S": ms, rss or exit.
field() {
	case $2 in
	ms) printf '%s\n' "$1" | sed -n 's/^\([0-9.]*\) ms.*/\1/p' ;;
	rss) printf '%s\n' "$1" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p' ;;
	exit) printf '%s\n' "$1" | sed -n 's/.*exit \([0-9]*\)$/\1/p' ;;
	esac
}

# row LABEL RETORT_RESULT PEER_NAME PEER_RESULT QUERIES PEER_QUERIES
row() {
	awk -v label="$1" -v r="$2" -v pname="$3" -v p="$4" -v q="$5" -v pq="$6" 'BEGIN {
		split(r, a, " "); split(p, b, " ")
		rms = a[1]; pms = b[1]
		printf "%-10s retort reflect   %s\n", label, r
		printf "%-10s %-16s %s\n", "", pname, p
		if (rms > 0)
			printf "%-10s ratio            %.1fx (%s / retort)\n", "", pms / rms, pname
		if (q != "")
			printf "%-10s queries          retort %s, %s %s\n", "", q, pname, pq
	}'
}

python_gen() {
	dir=$BENCH_OUT/peers-$1
	if [ ! -s "$dir/base_pg.sql" ] || [ ! -s "$dir/base_sqlite.sql" ]; then
		python3 "$RETORT_PEERS/make_schema.py" "$1" --out "$dir" >/dev/null ||
			die "make_schema.py $1 failed"
	fi
}

# --- the run ----------------------------------------------------------------

echo "# retort reflection benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo '?') CPUs"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (wall times: run on a quiet machine)"
echo "# targets (issue 3, 10,000 PostgreSQL tables): reflect < 1 s, >= 3x faster than pg_dump --schema-only,"
echo "#   query count constant in the number of tables, peak RSS < 150 MB"
echo "# $BENCH_RUNS runs each, best wall time; peak RSS of the client process"

if ! pg_start >"$BENCH_OUT/pg_start.msg"; then
	pg_ok=0
	echo "# PostgreSQL: skipped ($(cat "$BENCH_OUT/pg_start.msg"))"
fi

counts=
t10k=
for n in $sizes; do
	python_gen "$n"
	dir=$BENCH_OUT/peers-$n
	echo
	echo "## $n tables"

	# PostgreSQL
	if [ "$pg_ok" = 1 ]; then
		db=bench_$n
		t0=$(date +%s)
		psql_q -d postgres -c "CREATE DATABASE $db" >/dev/null &&
			psql_q -d "$db" -f "$dir/base_pg.sql" >"$BENCH_OUT/load-$n.log" 2>&1 &&
			psql_q -d "$db" -c 'VACUUM ANALYZE' >/dev/null 2>&1 ||
			die "loading $dir/base_pg.sql failed (see $BENCH_OUT/load-$n.log)"
		echo "postgresql loaded in $(($(date +%s) - t0)) s"
		url="postgresql://postgres@/$db?host=$PGHOST&port=$PGPORT"
		st=0
		$RETORT reflect --db "$url" >"$BENCH_OUT/reflect-pg-$n.schema" \
			2>"$BENCH_OUT/reflect-pg-$n.err" || st=$?
		got=$(grep -c '^table ' "$BENCH_OUT/reflect-pg-$n.schema")
		if [ "$st" != 0 ]; then
			echo "postgresql retort reflect failed (exit $st):"
			sed 's/^/    /' "$BENCH_OUT/reflect-pg-$n.err" | head -n 5
		else
			[ "$got" = "$n" ] || echo "postgresql: retort reflected $got tables, not $n"
			r=$("$BENCH_PARSE" --exec "$BENCH_RUNS" $RETORT reflect --db "$url")
			p=$("$BENCH_PARSE" --exec "$BENCH_RUNS" "$pg_bindir/pg_dump" --schema-only -d "$db")
			q=$(count_queries $RETORT reflect --db "$url")
			pq=$(count_queries "$pg_bindir/pg_dump" --schema-only -d "$db")
			row postgresql "$r" "pg_dump -s" "$p" "$q" "$pq"
			counts="$counts $q"
			if [ "$n" = 10000 ]; then
				t10k="$(field "$r" ms) $(field "$p" ms) $(field "$r" rss)"
			fi
		fi
		psql_q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1
	fi

	# SQLite
	if have sqlite3; then
		sdb=$BENCH_OUT/reflect-$n.db
		if [ ! -s "$sdb" ] || [ "$dir/base_sqlite.sql" -nt "$sdb" ]; then
			rm -f "$sdb"
			sqlite3 -bail "$sdb" <"$dir/base_sqlite.sql" >/dev/null ||
				die "loading $dir/base_sqlite.sql failed"
		fi
		url="sqlite:///$sdb"
		st=0
		$RETORT reflect --db "$url" >"$BENCH_OUT/reflect-sqlite-$n.schema" \
			2>"$BENCH_OUT/reflect-sqlite-$n.err" || st=$?
		got=$(grep -c '^table ' "$BENCH_OUT/reflect-sqlite-$n.schema")
		if [ "$st" != 0 ]; then
			echo "sqlite     retort reflect failed (exit $st):"
			sed 's/^/    /' "$BENCH_OUT/reflect-sqlite-$n.err" | head -n 5
		else
			[ "$got" = "$n" ] || echo "sqlite: retort reflected $got tables, not $n"
			r=$("$BENCH_PARSE" --exec "$BENCH_RUNS" $RETORT reflect --db "$url")
			p=$("$BENCH_PARSE" --exec "$BENCH_RUNS" sqlite3 "$sdb" .schema)
			row sqlite "$r" "sqlite3 .schema" "$p" "" ""
		fi
	else
		echo "sqlite     skipped (no sqlite3 shell)"
	fi
done

echo
echo "## targets"
if [ -n "$t10k" ]; then
	set -- $t10k
	awk -v r="$1" -v p="$2" -v rss="$3" 'BEGIN {
		printf "10,000 PostgreSQL tables in %.0f ms: %s (< 1000 ms)\n", r, (r < 1000 ? "met" : "MISSED")
		printf "%.1fx faster than pg_dump --schema-only: %s (>= 3x)\n", p / r, (p >= 3 * r ? "met" : "MISSED")
		printf "peak RSS %.1f MB: %s (< 150 MB)\n", rss, (rss < 150 ? "met" : "MISSED")
	}'
else
	echo "10,000 PostgreSQL tables: not measured"
fi
set -- $counts
if [ $# -ge 2 ]; then
	first=$1
	same=met
	for c in "$@"; do [ "$c" = "$first" ] || same=MISSED; done
	echo "queries per size:$counts: constant $same"
else
	echo "query count: needs two sizes reflected on PostgreSQL"
fi
exit 0
