# tests/lib/pg.sh - a private PostgreSQL cluster for one test script.
#
# Sourced after tap.sh by the tests that need a live server.  pg_start
# creates a cluster in a fresh temporary directory (initdb -A trust -U
# postgres), starts it listening only on a Unix socket in that directory
# (listen_addresses='', so nothing else on the machine can reach it and no
# TCP port can clash) on a port derived from the script's pid, and
# registers an exit handler that stops it (pg_ctl stop -m immediate) and
# removes the directory.  Run as root, the server commands go through
# `runuser -u postgres --` because PostgreSQL refuses to run as root.
#
# pg_start returns 0 with PGHOST, PGPORT, PGUSER and PGDATABASE exported;
# 1 when no PostgreSQL server binaries are installed (pg_skip_reason says
# why: the caller skips, unless RETORT_REQUIRE_PG=1, as in CI, where it
# fails); 2 when the binaries exist but the cluster would not start (a real
# failure: the server log is printed as TAP comments).

pg_skip_reason=
pg_bindir=

# Finds initdb and pg_ctl: pg_config's bindir, then Debian's versioned
# directories (newest first), then PATH.
pg_find_bindir() {
	for d in "$(pg_config --bindir 2>/dev/null)" \
		$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			pg_bindir=$d
			return 0
		fi
	done
	if have initdb && have pg_ctl; then
		pg_bindir=$(dirname "$(command -v initdb)")
		return 0
	fi
	return 1
}

# pg_as_server CMD...: runs a server-side command as the cluster's owner.
pg_as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	if ! pg_find_bindir; then
		pg_skip_reason="no postgresql (initdb/pg_ctl not found)"
		return 1
	fi
	if ! have psql; then
		pg_skip_reason="no postgresql client (psql not found)"
		return 1
	fi
	if [ "$(id -u)" -eq 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			pg_skip_reason="running as root and there is no postgres user"
			return 1
		fi
		if ! have runuser; then
			pg_skip_reason="running as root and runuser is missing"
			return 1
		fi
		# /tmp, not $TMPDIR: the postgres user must reach the directory
		pg_dir=$(mktemp -d /tmp/retort-pg.XXXXXX) || return 2
	else
		pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/retort-pg.XXXXXX") || return 2
	fi
	tap_cleanup "rm -rf '$pg_dir'"
	[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
	chmod 700 "$pg_dir"

	if ! pg_as_server "$pg_bindir/initdb" -D "$pg_dir/data" -A trust \
		-U postgres -E UTF8 --locale=C -N >"$pg_dir/initdb.log" 2>&1; then
		tap_diag "initdb failed:"
		tap_diag_file "$pg_dir/initdb.log"
		return 2
	fi

	# A port from the pid, in 20000-29999; another on a clash (another
	# cluster with the same port would fight over the lock file only if it
	# used this socket directory, which is ours, but the shared memory key
	# is derived from the port too, so retry rather than guess).
	pg_try=0
	pg_port=$((20000 + $$ % 10000))
	while :; do
		if pg_as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" \
			-l "$pg_dir/server.log" -w -t 60 \
			-o "-p $pg_port -k $pg_dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=20 -c shared_buffers=16MB" \
			start >"$pg_dir/pg_ctl.log" 2>&1; then
			break
		fi
		pg_try=$((pg_try + 1))
		if [ $pg_try -ge 5 ]; then
			tap_diag "pg_ctl start failed:"
			tap_diag_file "$pg_dir/pg_ctl.log"
			tap_diag_file "$pg_dir/server.log"
			return 2
		fi
		pg_port=$((20000 + (pg_port - 20000 + 7919) % 10000))
	done
	tap_cleanup "pg_as_server '$pg_bindir/pg_ctl' -D '$pg_dir/data' -m immediate -w stop"

	PGHOST=$pg_dir
	PGPORT=$pg_port
	PGUSER=postgres
	PGDATABASE=postgres
	export PGHOST PGPORT PGUSER PGDATABASE
	unset PGPASSWORD PGSERVICE PGOPTIONS PGSSLMODE
	return 0
}

# pg_require_or_skip: for scripts that test nothing without a server.
# Starts the cluster or ends the script (skip, or fail in CI).
pg_require_or_skip() {
	pg_start
	case $? in
	0) return 0 ;;
	1)
		if [ "${RETORT_REQUIRE_PG:-0}" = 1 ]; then
			echo "1..1"
			echo "not ok 1 - postgresql is required (RETORT_REQUIRE_PG=1): $pg_skip_reason"
			exit 1
		fi
		tap_skip_all "$pg_skip_reason"
		;;
	*) tap_bail "could not start a private postgresql cluster" ;;
	esac
}

# psql_q ARGS...: psql for scripts: no psqlrc, stop at the first error,
# unaligned tuples only.
psql_q() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}
