# tests/lib/runner.sh - the runner's cases (upgrade, downgrade, current,
# stamp, the version table and its checksums, check and verify with a
# database), written once and run on SQLite by tests/runner.test and on
# PostgreSQL by tests/runner-pg.test.  Each case drives the CLI as a user
# does, on a fresh database, and looks at the database with sqlite3 or
# psql.  Needs tap.sh (and pg.sh for PostgreSQL) sourced first.

# new_db NAME: a fresh empty database; sets URL.
new_db() {
	case $DIALECT in
	sqlite)
		: >"$T/$1.db"
		URL="sqlite:///$T/$1.db"
		;;
	postgresql)
		psql_q -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
		URL="postgresql:///$1?host=$PGHOST&port=$PGPORT&user=postgres"
		;;
	esac
	RETORT_DATABASE_URL=$URL
	export RETORT_DATABASE_URL
	DBNAME=$1
}

# q SQL: the rows of a query on the current database, '|'-separated.
q() {
	case $DIALECT in
	sqlite) sqlite3 -batch "$T/$DBNAME.db" "$1" ;;
	postgresql) psql_q -At -d "$DBNAME" -c "$1" ;;
	esac
}

# run_sql FILE: a script on the current database, stopping at an error.
run_sql() {
	case $DIALECT in
	sqlite) sqlite3 -batch -bail "$T/$DBNAME.db" <"$1" ;;
	postgresql) psql_q -d "$DBNAME" -f "$1" ;;
	esac
}

# tables: the user tables of the current database, one per line, sorted.
tables() {
	case $DIALECT in
	sqlite) q "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY 1" ;;
	postgresql) q "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1" ;;
	esac
}

# columns TABLE: the table's columns, one per line, sorted.
columns() {
	case $DIALECT in
	sqlite) q "SELECT name FROM pragma_table_info('$1') ORDER BY 1" ;;
	postgresql) q "SELECT column_name FROM information_schema.columns WHERE table_name = '$1' ORDER BY 1" ;;
	esac
}

# rt NAME ARGS...: retort ARGS in the project; stdout, stderr and the
# status in $T/NAME.out, .err, and $st.
rt() {
	rt_name=$1
	shift
	st=0
	(cd "$P" && retort "$@") >"$T/$rt_name.out" 2>"$T/$rt_name.err" || st=$?
}

# expect NAME STATUS: ok when the last rt exited STATUS; else its stderr.
expect() {
	if [ "$st" -eq "$2" ]; then
		tap_ok "$DIALECT: $1"
	else
		tap_diag "exit $st, want $2"
		tap_diag_file "$T/$rt_name.err"
		tap_not_ok "$DIALECT: $1"
	fi
}

# verdict NAME: ok when the last command's status was 0.
verdict() {
	tap_result $? "$DIALECT: $1"
}

# The project: a three-step history.  Each file is written by hand, so the
# cases test the runner, not the differ.
make_project() {
	P=$T/proj-$DIALECT
	rm -rf "$P"
	mkdir -p "$P/migrations" "$P/models"
	cat >"$P/migrations/a1_users.migration" <<'EOF'
migration a1
parent    none
message   'users'
created   '2026-11-21T10:00:00Z'

upgrade {
  create table users {
    id    integer primary key,
    email varchar(255) not null,
  };
}

downgrade {
  drop table users;
}
EOF
	cat >"$P/migrations/b2_posts.migration" <<'EOF'
migration b2
parent    a1
message   'posts'
created   '2026-11-21T11:00:00Z'

upgrade {
  create table posts {
    id      integer primary key,
    user_id integer not null references users,
    title   text,
  };
  create index ix_posts_user_id on posts (user_id);
}

downgrade {
  drop index ix_posts_user_id;
  drop table posts;
}
EOF
	cat >"$P/migrations/c3_nick.migration" <<'EOF'
migration c3
parent    b2
message   'nicknames'
created   '2026-11-21T12:00:00Z'

upgrade {
  add column users.nick varchar(64);
  execute 'UPDATE users SET nick = email';
}

downgrade {
  drop column users.nick;
}
EOF
	cat >"$P/models/app.schema" <<'EOF'
table users {
  id    integer primary key,
  email varchar(255) not null,
  nick  varchar(64),
}

table posts {
  id      integer primary key,
  user_id integer not null references users,
  title   text,
  index (user_id),
}
EOF
}

runner_cases() {
	DIALECT=$1
	make_project

	# ---- upgrade, current, the version table
	new_db rn_basic
	rt up1 upgrade
	expect "upgrade: base to head" 0
	printf '%s\n' 'retort: upgrade <base> -> a1, users' \
		'retort: upgrade a1 -> b2, posts' \
		'retort: upgrade b2 -> c3, nicknames' >"$T/want"
	grep '^retort: upgrade' "$T/up1.err" >"$T/got"
	tap_diff "$T/want" "$T/got"
	verdict "upgrade: one progress line per migration, in order"
	[ "$(tables | tr '\n' ' ')" = "posts retort_version users " ]
	verdict "upgrade: the tables and the version table"
	rt cur1 current
	printf 'c3 (head)\n' >"$T/want"
	tap_diff "$T/want" "$T/cur1.out"
	verdict "current: the head"
	q "SELECT version_num || ' ' || checksums FROM retort_version" >"$T/vt"
	grep -Eq '^c3 a1:[0-9a-f]{16} b2:[0-9a-f]{16} c3:[0-9a-f]{16}$' "$T/vt"
	verdict "version table: one row, the checksums of the line"
	rt up2 upgrade head
	expect "upgrade at head" 0
	grep -q 'nothing to do: the database is at c3' "$T/up2.err"
	verdict "upgrade at head: nothing to do"
	rt chk1 check
	expect "check with the database at head" 0
	rt curj current --format json
	json_ok "$T/curj.out" && grep -q '"revision": "c3"' "$T/curj.out" &&
		grep -q '"head": true' "$T/curj.out"
	verdict "current --format json"

	# ---- rows survive, downgrade, relative and prefixed targets
	q "INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, 'b@x')" >/dev/null
	q "INSERT INTO posts (id, user_id, title) VALUES (10, 1, 't')" >/dev/null
	rt down1 downgrade -1
	expect "downgrade -1" 0
	rt cur2 current
	[ "$(cat "$T/cur2.out")" = b2 ] && [ "$(columns users | tr '\n' ' ')" = "email id " ]
	verdict "downgrade -1: at b2, the column gone"
	[ "$(q 'SELECT count(*) FROM users')" = 2 ] &&
		[ "$(q 'SELECT title FROM posts WHERE id = 10')" = t ]
	verdict "downgrade -1: the rows survive"
	rt up3 upgrade c
	expect "upgrade to a prefix" 0
	[ "$(q 'SELECT nick FROM users WHERE id = 2')" = b@x ]
	verdict "upgrade: the migration's execute ran"
	rt chk2 check --models models
	expect "check after down and up" 0
	rt down2 downgrade a1
	expect "downgrade to a revision" 0
	[ "$(tables | tr '\n' ' ')" = "retort_version users " ]
	verdict "downgrade a1: posts gone"
	rt chk3 check
	expect "check: not at head is a problem" 1
	grep -q 'the database is at a1, not at the head (c3)' "$T/chk3.err"
	verdict "check: says where the database is"
	rt up4 upgrade +1
	expect "upgrade +1" 0
	rt cur3 current
	[ "$(cat "$T/cur3.out")" = b2 ]
	verdict "upgrade +1: one step"
	rt up5 upgrade +2
	expect "upgrade +2 with one left" 2
	grep -q 'cannot upgrade 2 migrations: 1 is left' "$T/up5.err"
	verdict "upgrade +N: too few, said"
	rt down3 downgrade c3
	expect "downgrade to an unapplied revision" 2
	grep -q 'revision "c3" is not applied' "$T/down3.err"
	verdict "downgrade: an unapplied target, said"
	rt bad1 upgrade zz
	expect "upgrade to an unknown revision" 2
	rt bad2 downgrade
	expect "downgrade needs a target" 2
	rt down4 downgrade base
	expect "downgrade base" 0
	[ "$(tables | tr '\n' ' ')" = "retort_version " ] &&
		[ "$(q 'SELECT count(*) FROM retort_version')" = 0 ]
	verdict "downgrade base: only the empty version table is left"

	# ---- a failing statement: rolled back, reported at its line
	rt up6 upgrade b2
	q "INSERT INTO users (id, email) VALUES (1, 'a@x')" >/dev/null
	cat >"$P/migrations/d4_fails.migration" <<'EOF'
migration d4
parent    c3
message   'fails at its third statement'
created   '2026-11-21T13:00:00Z'

upgrade {
  add column users.age integer;
  execute 'UPDATE users SET age = 42';
  execute 'INSERT INTO no_such_table VALUES (1)';
}

downgrade {
  drop column users.age;
}
EOF
	rt up7 upgrade
	expect "a failing third statement: exit 3" 3
	grep -q '^migrations/d4_fails.migration:9:3: error: the upgrade of "d4" failed here' "$T/up7.err" &&
		grep -q 'no_such_table' "$T/up7.err" &&
		grep -q 'rolled back: the database is still at c3' "$T/up7.err"
	verdict "failing statement: the file, the line, the database's message"
	rt cur4 current
	[ "$(cat "$T/cur4.out")" = c3 ] &&
		[ "$(columns users | tr '\n' ' ')" = "email id nick " ] &&
		[ "$(q 'SELECT nick FROM users')" = a@x ]
	verdict "failing statement: c3 applied, nothing of d4 left"
	rm "$P/migrations/d4_fails.migration"

	# ---- the checksums: edited, reordered, missing
	cp "$P/migrations/b2_posts.migration" "$T/b2.saved"
	sed 's/title   text/title   varchar(80)/' "$T/b2.saved" >"$P/migrations/b2_posts.migration"
	rt sum1 upgrade
	expect "an edited applied migration: upgrade refuses" 2
	grep -q 'applied migration "b2" (migrations/b2_posts.migration) was changed after it was applied' "$T/sum1.err"
	verdict "edited: named with its file"
	rt sum2 check --format json
	expect "an edited applied migration: check" 1
	grep -q '"kind": "applied"' "$T/sum2.out"
	verdict "edited: check's JSON names it"
	# reformatting is no edit
	sed 's/^  create index/    create   index/' "$T/b2.saved" >"$P/migrations/b2_posts.migration"
	rt sum3 upgrade
	expect "a reformatted applied migration is no edit" 0
	cp "$T/b2.saved" "$P/migrations/b2_posts.migration"
	# a migration slipped in before applied ones
	cat >"$P/migrations/a5_between.migration" <<'EOF'
migration a5
parent    a1
message   'slipped in'
created   '2026-11-21T10:30:00Z'

upgrade {
  add column users.extra integer;
}

downgrade {
  drop column users.extra;
}
EOF
	sed 's/^parent    a1/parent    a5/' "$T/b2.saved" >"$P/migrations/b2_posts.migration"
	rt sum4 upgrade
	expect "a reordered history: upgrade refuses" 2
	grep -q 'migration "a5" (migrations/a5_between.migration) now comes before applied migration "b2" but was never applied' "$T/sum4.err"
	verdict "reordered: says which"
	rm "$P/migrations/a5_between.migration"
	cp "$T/b2.saved" "$P/migrations/b2_posts.migration"
	# the head's file deleted
	mv "$P/migrations/c3_nick.migration" "$T/c3.saved"
	rt sum5 upgrade
	expect "the applied head deleted: upgrade refuses" 2
	grep -q 'the database is at revision "c3", which is not in the history' "$T/sum5.err" &&
		grep -q 'retort stamp REV' "$T/sum5.err"
	verdict "no such revision: the hint names stamp"
	mv "$T/c3.saved" "$P/migrations/c3_nick.migration"

	# ---- a database that is not what the history says: nothing runs
	rt down5 downgrade b2
	q "CREATE INDEX by_hand ON users (email)" >/dev/null
	rt drift1 upgrade
	expect "a database with an index of its own: upgrade refuses" 3
	grep -q 'does not have the schema the history gives at b2' "$T/drift1.err" &&
		grep -q 'to match it: drop index by_hand;' "$T/drift1.err"
	verdict "drift: the difference is shown"
	rt cur5 current
	[ "$(cat "$T/cur5.out")" = b2 ]
	verdict "drift: nothing ran"
	q "DROP INDEX by_hand" >/dev/null

	# ---- stamp
	rt st1 stamp base
	expect "stamp base" 0
	[ "$(q 'SELECT count(*) FROM retort_version')" = 0 ]
	verdict "stamp base: no rows"
	rt st2 stamp b
	expect "stamp a prefix" 0
	rt cur6 current
	[ "$(cat "$T/cur6.out")" = b2 ]
	verdict "stamp: the database is where it says"
	rt st3 stamp
	expect "stamp needs a revision" 2

	# ---- offline: upgrade --sql makes the same database
	rt up8 upgrade
	rt refl1 reflect
	cp "$T/refl1.out" "$T/online.schema"
	new_db rn_offline
	rt sql1 upgrade --sql --dialect "$DIALECT"
	expect "upgrade --sql" 0
	run_sql "$T/sql1.out" >"$T/sql1.run" 2>&1
	verdict "upgrade --sql: the script runs"
	rt refl2 reflect
	tap_diff "$T/online.schema" "$T/refl2.out"
	verdict "upgrade --sql: the same schema as the online upgrade"
	rt cur7 current
	[ "$(cat "$T/cur7.out")" = "c3 (head)" ]
	verdict "upgrade --sql: the version table is at the head"
	rt chk4 check
	expect "upgrade --sql: check passes, checksums included" 0
	rt sql2 downgrade --sql head:base --dialect "$DIALECT"
	expect "downgrade --sql head:base" 0
	run_sql "$T/sql2.out" >"$T/sql2.run" 2>&1 &&
		[ "$(tables | tr '\n' ' ')" = "retort_version " ]
	verdict "downgrade --sql: the script empties the database"
	rt sql3 downgrade --sql base
	expect "downgrade --sql needs a range" 2
	rt sql5 upgrade --sql c3:a1 --dialect "$DIALECT"
	expect "upgrade --sql backwards: exit 2" 2
	grep -q 'revision "a1" does not come after "c3"' "$T/sql5.err" &&
		[ ! -s "$T/sql5.out" ]
	verdict "upgrade --sql backwards: said, nothing printed"
	rt sql4 upgrade --sql b2:c3 --dialect "$DIALECT"
	grep -q 'upgrade b2 -> c3' "$T/sql4.out" && ! grep -q 'CREATE TABLE' "$T/sql4.out"
	verdict "upgrade --sql FROM:TO: only that part"

	# ---- Alembic's version table
	new_db rn_alembic
	q "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))" >/dev/null
	printf '[retort]\nversion_table = alembic_version\n' >"$P/alembic.ini"
	rt al1 -c alembic.ini upgrade a1
	expect "an Alembic version table" 0
	[ "$(q 'SELECT version_num FROM alembic_version')" = a1 ]
	verdict "alembic_version: the row, the checksums column added"
	rt al2 -c alembic.ini current
	[ "$(cat "$T/al2.out")" = a1 ]
	verdict "alembic_version: current"

	# ---- a table of that name that is no version table
	new_db rn_notvt
	q "CREATE TABLE retort_version (v text)" >/dev/null
	rt nv upgrade
	expect "a version table without version_num: exit 3" 3
	grep -q 'is not a version table: it has no column "version_num"' "$T/nv.err" &&
		[ "$(tables | tr '\n' ' ')" = "retort_version " ]
	verdict "not a version table: said, nothing created"

	# ---- verify
	rt ver1 verify --db "$URL"
	expect "verify: the history holds" 0
	cat >"$P/migrations/d4_sneaky.migration" <<'EOF'
migration d4
parent    c3
message   'changes the schema behind retort'
created   '2026-11-21T13:00:00Z'

upgrade {
  execute 'CREATE TABLE sneaky (id integer)';
}

downgrade {
}
EOF
	rt ver2 verify --db "$URL"
	expect "verify: an execute that changes the schema" 1
	grep -q '^migrations/d4_sneaky.migration:1:11: error: after the upgrade of "d4" the database is not what the history says' "$T/ver2.err"
	verdict "verify: reported at the migration"
	rm "$P/migrations/d4_sneaky.migration"

	[ "$DIALECT" = postgresql ] && runner_add_value_cases
}

# PostgreSQL: an ADD VALUE is committed on its own, at the front of its
# migration; a failure after it leaves only the value, and the next run
# recognises that state.
runner_add_value_cases() {
	new_db rn_enum
	cat >"$P/migrations/d4_mood.migration" <<'EOF'
migration d4
parent    c3
message   'moods'
created   '2026-11-21T13:00:00Z'

upgrade {
  create enum mood ('sad', 'ok');
  add column users.mood mood;
  create view happy as (SELECT id FROM users WHERE mood = 'ok');
}

downgrade {
  drop view happy;
  drop column users.mood;
  drop enum mood;
}
EOF
	cat >"$P/migrations/e5_glad.migration" <<'EOF'
migration e5
parent    d4
message   'glad, then a failure'
created   '2026-11-21T14:00:00Z'

upgrade {
  drop view happy;
  alter enum mood add value 'glad';
  add column users.glee integer;
  execute 'SELECT 1/0';
}

downgrade {
  drop column users.glee;
}
EOF
	rt ev1 upgrade e5
	expect "add value, then a failure: exit 3" 3
	rt ev2 current
	[ "$(cat "$T/ev2.out")" = d4 ] &&
		[ "$(q "SELECT count(*) FROM pg_views WHERE viewname = 'happy'")" = 1 ] &&
		[ "$(q "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE typname = 'mood'")" = "sad,ok,glad" ]
	verdict "add value first: only the value is left, the view is not dropped"
	grep -v "SELECT 1/0" "$P/migrations/e5_glad.migration" >"$T/e5" &&
		cp "$T/e5" "$P/migrations/e5_glad.migration"
	rt ev3 upgrade e5
	expect "the mended migration runs again over the added value" 0
	grep -q 'the database has what an earlier run of "e5" committed' "$T/ev3.err"
	verdict "the state left behind is recognised, with a note"
	rt ev4 current
	[ "$(cat "$T/ev4.out")" = "e5 (head)" ] &&
		[ "$(columns users | tr '\n' ' ')" = "email glee id mood nick " ]
	verdict "add value: the migration applied whole"
	rm "$P/migrations/d4_mood.migration" "$P/migrations/e5_glad.migration"
}
