# tests/lib/migrate.sh - the migration property of one schema pair on a
# real database, shared by tests/migrate.test (SQLite) and
# tests/migrate-pg.test (PostgreSQL).  Sourced after tap.sh (and pg.sh for
# PostgreSQL: the caller starts the private cluster, PG* are exported).
#
# migrate_pair A B DIALECT WORKDIR [CASEDIR] checks, for models A and B:
#   1. an empty database (SQLite: a new file; PostgreSQL: one database of
#      the cluster, every schema dropped) made by `retort sql` of A takes
#      rows (tests/fill:
#      N rows per table, foreign keys pointing at the parent row of the
#      same number; rows that break a constraint are left out);
#   2. the upgrade SQL (`--dump=sql-up` of the ops `retort diff --from A
#      --to B` prints, wrapped as a migration file) applies: `sqlite3
#      -bail` with nothing on stdout (a `PRAGMA foreign_key_check` row is a
#      failure), or `psql -v ON_ERROR_STOP=1`;
#   3. the database then reflects exactly as B (`retort diff --from DB
#      --to B` exits 0 and prints nothing);
#   4. the rows of the columns A and B share (same name, or a `renamed
#      from` hint, and the same type) are unchanged (`fill --common`);
#   5-7. the same for the downgrade SQL (`--dump=sql-down`) back to A;
#   8. the upgrade and downgrade SQL are the same bytes on a second run.
# Each check is one TAP line named "CASE (DIALECT): ..."; a failing one
# prints the SQL and the output that explain it as comments, and the
# checks that need it are skipped.
#
# Files of CASEDIR (tests/diff/<case>/) it honours:
#   xfail-DIALECT  a reason (a known bug of the differ or the compiler):
#                  a failing check is `not ok ... # TODO reason`; when
#                  every check passes, the stale file is a failure.
#   skip-replay, skip-down  (tests/lib/diff.sh) a reason why the upgrade
#                  (and so the downgrade) or the downgrade does not give
#                  B or A exactly: honoured for checks 3 and 6 only when
#                  they fail, since the reason may not hold for a database.

: "${FILL:=$builddir/tests/fill}"
migrate_rows=4

# migrate_pg_url DB: the URL of database DB in the private cluster.
migrate_pg_url() {
	echo "postgresql://postgres@/$1?host=$PGHOST&port=$PGPORT"
}

# migrate_check OK NAME: one TAP line for the current pair.  OK is 0 when
# the check passed.  Honours $mp_xfail and $mp_skip (set by the caller).
migrate_check() {
	if [ "$1" -eq 0 ]; then
		tap_ok "$mp_name: $2"
		return 0
	fi
	mp_failed=$((mp_failed + 1))
	if [ -n "$mp_xfail" ]; then
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - $mp_name: $2 # TODO $mp_xfail"
	elif [ -n "$mp_skip" ]; then
		tap_skip "$mp_name: $2" "$mp_skip"
	else
		tap_not_ok "$mp_name: $2"
	fi
	return 1
}

# migrate_skip_rest FROM: skips the pair's checks FROM..8 after a failure.
migrate_skip_rest() {
	for mp_k in $(seq "$1" 8); do
		tap_skip "$mp_name: check $mp_k" "an earlier check failed"
	done
}

# migrate_query FILE: prints the rows (the output of the queries of
# FILE) of the pair's database, sorted, to stdout.
migrate_query() {
	if [ "$mp_dialect" = sqlite ]; then
		sqlite3 -batch -bail -noheader -nullvalue '(null)' \
			"$mp_db" <"$1" | LC_ALL=C sort
	else
		psql -X -q -A -t -P null='(null)' -v ON_ERROR_STOP=1 \
			-d "$mp_db" -f "$1" | LC_ALL=C sort
	fi
}

# migrate_apply SQL OUT [ROWS_SQL ROWS_OUT]: runs the script SQL on the
# pair's database, stopping at the first error, then (PostgreSQL: in the
# same psql call) the queries ROWS_SQL with their sorted rows in ROWS_OUT.
# OUT receives what the run printed.  Returns non-zero on an error, and on
# SQLite when SQL printed anything (a foreign_key_check row).
migrate_apply() {
	if [ "$mp_dialect" = sqlite ]; then
		sqlite3 -batch -bail "$mp_db" <"$1" >"$2" 2>&1 || return 1
		[ ! -s "$2" ] || return 1
		[ -z "${3:-}" ] || migrate_query "$3" >"$4" 2>>"$2"
		return
	fi
	{
		cat "$1"
		if [ -n "${3:-}" ]; then
			printf '\\o %s\n' "$4.raw"
			cat "$3"
			printf '\\o\n'
		fi
	} >"$1.all"
	psql -X -q -A -t -P null='(null)' -v ON_ERROR_STOP=1 -d "$mp_db" \
		-f "$1.all" >"$2" 2>&1 || return 1
	[ -z "${3:-}" ] || LC_ALL=C sort "$4.raw" >"$4"
}

# migrate_state WHICH MODELS ROWS_WANT ROWS_HAVE: checks that the database
# is MODELS (a diff from it prints nothing) and that ROWS_HAVE equals
# ROWS_WANT.  WHICH is "upgraded" or "downgraded".
migrate_state() {
	mp_url=$mp_db
	[ "$mp_dialect" = sqlite ] && mp_url="sqlite:///$mp_db"
	[ "$mp_dialect" = postgresql ] && mp_url=$(migrate_pg_url "$mp_db")
	st=0
	retort diff --from "$mp_url" --to "$2" >"$mp_w/$1.diff" \
		2>"$mp_w/$1.diff.err" || st=$?
	if [ $st -ne 0 ] || [ -s "$mp_w/$1.diff" ]; then
		tap_diag "retort diff --from the $1 database --to $(basename "$2"): exit status $st"
		tap_diag_file "$mp_w/$1.diff" 60
		tap_diag_file "$mp_w/$1.diff.err"
		st=1
	fi
	mp_skip=
	if [ "$1" = upgraded ] && [ -n "$mp_c" ] && [ -f "$mp_c/skip-replay" ]; then
		mp_skip=$(cat "$mp_c/skip-replay")
	elif [ "$1" = downgraded ] && [ -n "$mp_c" ]; then
		mp_skip=$(cat "$mp_c/skip-down" "$mp_c/skip-replay" 2>/dev/null | head -n 1)
	fi
	migrate_check $st "the $1 database is $(basename "$2" .schema)"
	mp_skip=
	tap_diff "$3" "$4"
	migrate_check $? "the rows of the shared columns survive the ${1%d}"
}

# migrate_pair A B DIALECT WORKDIR [CASEDIR]: see above.
migrate_pair() {
	mp_a=$1 mp_b=$2 mp_dialect=$3 mp_w=$4 mp_c=${5:-}
	mp_name=$(basename "${mp_c:-$mp_w}")" ($mp_dialect)"
	mp_xfail= mp_skip= mp_failed=0
	[ -n "$mp_c" ] && [ -f "$mp_c/xfail-$mp_dialect" ] &&
		mp_xfail=$(head -n 1 "$mp_c/xfail-$mp_dialect")
	mkdir -p "$mp_w"
	w=$mp_w
	d="--dialect $mp_dialect"

	# 1. the database at A, with rows
	# shellcheck disable=SC2086 # $d is two words on purpose
	if ! retort $d --models "$mp_a" sql >"$w/create.sql" 2>"$w/create.err" ||
		! "$FILL" $d --rows $migrate_rows "$mp_a" >"$w/fill.sql" 2>>"$w/create.err" ||
		! "$FILL" $d --common a "$mp_a" "$mp_b" >"$w/rows-a.sql" 2>>"$w/create.err" ||
		! "$FILL" $d --common b "$mp_a" "$mp_b" >"$w/rows-b.sql" 2>>"$w/create.err"
	then
		tap_diag_file "$w/create.err"
		migrate_check 1 "a database at a takes rows"
		migrate_skip_rest 2
		return
	fi
	st=0
	if [ "$mp_dialect" = sqlite ]; then
		mp_db=$w/db.sqlite
		rm -f "$mp_db"
		sqlite3 -batch -bail "$mp_db" <"$w/create.sql" >"$w/create.out" 2>&1 || st=$?
		# without -bail: a row a constraint refuses is left out
		[ $st -ne 0 ] || sqlite3 -batch "$mp_db" <"$w/fill.sql" >"$w/fill.out" 2>&1
		[ $st -ne 0 ] || migrate_query "$w/rows-a.sql" >"$w/rows.a" 2>>"$w/create.out" || st=$?
	else
		# one database, emptied for each pair (CREATE DATABASE takes a
		# quarter of a second): every schema but the system's dropped
		mp_db=retort_migrate
		if [ -z "$migrate_pg_made" ]; then
			psql_q -d postgres -c "CREATE DATABASE $mp_db" >"$w/create.out" 2>&1 || st=$?
			migrate_pg_made=1
		fi
		{
			cat <<-'EOS'
			DO $$
			DECLARE n name;
			BEGIN
			  FOR n IN SELECT nspname FROM pg_namespace
			           WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
			  LOOP
			    EXECUTE format('DROP SCHEMA %I CASCADE', n);
			  END LOOP;
			  CREATE SCHEMA public;
			END $$;
			EOS
			cat "$w/create.sql"
			# a row a constraint refuses is left out
			printf '\\set ON_ERROR_STOP 0\n'
			cat "$w/fill.sql"
			printf '\\set ON_ERROR_STOP 1\n'
		} >"$w/create-fill.sql"
		[ $st -ne 0 ] || migrate_apply "$w/create-fill.sql" "$w/create.out" \
			"$w/rows-a.sql" "$w/rows.a" || st=$?
	fi
	if [ $st -ne 0 ]; then
		tap_diag_file "$w/create.out"
		migrate_check 1 "a database at a takes rows"
		migrate_skip_rest 2
		return
	fi
	migrate_check 0 "a database at a takes rows"

	# the ops as a migration file, and its SQL
	st=0
	# shellcheck disable=SC2086
	retort $d diff --from "$mp_a" --to "$mp_b" >"$w/ops" 2>"$w/ops.err" || st=$?
	{
		printf 'migration x\nparent none\n\n'
		if [ -s "$w/ops" ]; then
			cat "$w/ops"
		else
			printf 'upgrade {\n}\n\ndowngrade {\n}\n'
		fi
	} >"$w/m.migration"
	for dir in up down; do
		# shellcheck disable=SC2086
		retort $d --models "$mp_a" --dump=sql-$dir "$w/m.migration" \
			>"$w/$dir.sql" 2>"$w/$dir.err" || st=$?
		# shellcheck disable=SC2086
		retort $d --models "$mp_a" --dump=sql-$dir "$w/m.migration" \
			>"$w/$dir.sql2" 2>/dev/null
	done
	if [ $st -gt 1 ]; then
		tap_diag "retort diff or --dump=sql-up/down: exit status $st"
		tap_diag_file "$w/ops.err"
		tap_diag_file "$w/up.err"
		tap_diag_file "$w/down.err"
		migrate_check 1 "the upgrade applies"
		migrate_skip_rest 3
		return
	fi

	# 2-4. upgrade
	if ! migrate_apply "$w/up.sql" "$w/up.out" "$w/rows-b.sql" "$w/rows.up"; then
		tap_diag "the upgrade failed:"
		tap_diag_file "$w/up.out"
		tap_diag "its SQL:"
		tap_diag_file "$w/up.sql" 80
		migrate_check 1 "the upgrade applies"
		migrate_skip_rest 3
		return
	fi
	migrate_check 0 "the upgrade applies"
	migrate_state upgraded "$mp_b" "$w/rows.a" "$w/rows.up"

	# 5-7. downgrade
	if ! migrate_apply "$w/down.sql" "$w/down.out" "$w/rows-a.sql" "$w/rows.down"; then
		tap_diag "the downgrade failed:"
		tap_diag_file "$w/down.out"
		tap_diag "its SQL:"
		tap_diag_file "$w/down.sql" 80
		migrate_check 1 "the downgrade applies"
		migrate_skip_rest 6
		return
	fi
	migrate_check 0 "the downgrade applies"
	migrate_state downgraded "$mp_a" "$w/rows.a" "$w/rows.down"

	# 8. the same bytes twice
	cmp -s "$w/up.sql" "$w/up.sql2" && cmp -s "$w/down.sql" "$w/down.sql2"
	migrate_check $? "the SQL is the same bytes twice"

	if [ -n "$mp_xfail" ] && [ $mp_failed -eq 0 ]; then
		tap_not_ok "$mp_name: every check passes: remove xfail-$mp_dialect"
	fi
}
migrate_pg_made=
