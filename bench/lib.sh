# bench/lib.sh - helpers shared by the end-to-end benchmarks that time
# whole commands by their median (autogen.sh, replay.sh, upgrade.sh).
# Sourced, not run; the caller sets `here` (its own directory) and the
# BENCH_PARSE, RETORT and BENCH_OUT variables its header documents.

have() { command -v "$1" >/dev/null 2>&1; }

# bench_header TITLE TARGETS: the first lines of a report: what, when,
# on how many CPUs, at what load (all figures are wall times).
bench_header() {
	echo "# $1, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo '?') CPUs"
	echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (wall times: run on a quiet machine)"
	echo "# target: $2"
}

# bench_sizes NAME ARGS...: exits 2 unless every argument is a number.
bench_sizes() {
	name=$1
	shift
	for n in "$@"; do
		case $n in
		'' | *[!0-9]*)
			echo "usage: $name [NUMBER...]" >&2
			exit 2
			;;
		esac
	done
}

# bench_python MODULES: the first of $PYTHON, /usr/bin/python3, python3
# that imports MODULES (a comma-separated list; empty: any), or nothing.
# /usr/bin/python3 comes before PATH's: Debian's python3-alembic is
# installed for it, not for a python3 of a virtual environment.
bench_python() {
	for p in ${PYTHON:-} /usr/bin/python3 python3; do
		if have "$p" && "$p" -c "import sys${1:+, $1}" >/dev/null 2>&1; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# bench_median RUNS PREP CMD...: runs the shell command PREP (untimed:
# to reset what CMD changes), then times CMD end to end with
# `bench_parse --exec 1` (its output on /dev/null), RUNS times.  Prints
# "MEDIAN_MS PEAK_RSS_MB EXIT": the median wall time, the largest peak
# RSS of a run, the last run's exit status.
bench_median() {
	runs=$1
	prep=$2
	shift 2
	k=0
	while [ $k -lt "$runs" ]; do
		eval "$prep"
		"$BENCH_PARSE" --exec 1 "$@"
		k=$((k + 1))
	done | awk '
		# "X ms best of 1, peak RSS Y MB, exit S"
		{ ms[NR] = $1 + 0; if ($8 + 0 > rss) rss = $8 + 0; st = $11 }
		END {
			n = NR
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && ms[j - 1] > ms[j]; j--) {
					t = ms[j]; ms[j] = ms[j - 1]; ms[j - 1] = t
				}
			med = n % 2 ? ms[(n + 1) / 2] : (ms[n / 2] + ms[n / 2 + 1]) / 2
			printf "%.1f %.1f %s\n", med, rss, st
		}'
}

# bench_pg_start: starts a private PostgreSQL cluster with
# tests/lib/pg.sh (the test suite's: initdb + pg_ctl on a Unix socket in a
# temporary directory, stopped and removed on exit), with that file's
# TAP helpers replaced by plain ones, then restarts it with autovacuum
# off (it would run during the timings) and BENCH_PG_LOCKS (default 4096)
# lock slots per transaction, as bench/reflect.sh's cluster has: retort
# normalises the models' expressions by creating every table in a scratch
# schema in one transaction, which needs a slot per table and index (the
# default of 64 x max_connections runs out at about a thousand tables).
# 0 with PGHOST, PGPORT, PGUSER exported; otherwise 1 with the reason in
# bench_pg_why.
bench_cleanups=
tap_cleanup() {
	bench_cleanups="$1
$bench_cleanups"
}
tap_diag() { echo "# $*" >&2; }
tap_diag_file() { [ -f "$1" ] && head -n "${2:-40}" "$1" | sed 's/^/#   /' >&2; }
bench_exit() {
	st=$?
	printf '%s\n' "$bench_cleanups" | while IFS= read -r c; do
		[ -n "$c" ] && (eval "$c") >/dev/null 2>&1
	done
	exit $st
}
trap bench_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_pg_why=
bench_pg_start() {
	if [ ! -f "$here/../tests/lib/pg.sh" ]; then
		bench_pg_why="tests/lib/pg.sh is missing"
		return 1
	fi
	. "$here/../tests/lib/pg.sh"
	pg_start >/dev/null
	case $? in
	0) ;;
	1)
		bench_pg_why=$pg_skip_reason
		return 1
		;;
	*)
		bench_pg_why="the cluster did not start"
		return 1
		;;
	esac
	# pg_ctl restart keeps the options pg.sh started the server with
	psql -X -q -d postgres \
		-c "ALTER SYSTEM SET max_locks_per_transaction = ${BENCH_PG_LOCKS:-4096}" \
		-c "ALTER SYSTEM SET autovacuum = off" >/dev/null &&
		pg_as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" \
			-l "$pg_dir/server.log" -w -t 60 -m fast restart >/dev/null 2>&1 || {
		bench_pg_why="the cluster did not restart (see $pg_dir/server.log)"
		return 1
	}
}
