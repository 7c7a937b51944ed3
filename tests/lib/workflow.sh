# tests/lib/workflow.sh - the migration workflows of issue 5 end to end,
# shared by tests/workflow.test (SQLite) and tests/workflow-pg.test
# (PostgreSQL).  Sourced after tap.sh (and pg.sh for PostgreSQL: the
# caller starts the private cluster, PG* are exported).
#
# Each scenario is a function taking the dialect and the URL of an empty
# database (SQLite: an empty file; PostgreSQL: a fresh database) and
# drives what a user drives: a project made by `retort init` under $T
# whose retort.ini names the database, the retort CLI in that project,
# and sqlite3 / psql for the rows.  Each check is one TAP line named
# "DIALECT NAME: ..."; a failing one prints the command's output.
#
#   wf_kallithea    Kallithea's: autogenerate the first migration from an
#                   empty database, upgrade, rows with duplicate
#                   reviewers, a unique constraint and a column added to
#                   the models, the draft edited to delete the
#                   duplicates first, upgrade, downgrade, upgrade again
#   wf_enum         an enum value added at the end, used by a later
#                   migration (and, on PostgreSQL, in the same one: the
#                   ADD VALUE commit boundary), then one in the middle;
#                   downgrades keep the rows; rows holding a removed value
#                   make the downgrade fail cleanly
#   wf_concurrent   two `upgrade head` at once over a slow migration: it
#                   runs once, one of them finds nothing to do
#   wf_failing      a migration whose third statement fails: exit 3, the
#                   file:line of the operation, nothing half-applied
#   wf_killed       SIGKILL in the middle of an upgrade: the database is
#                   at a revision of the history, and upgrades again
#   wf_lost_revision  the database at a revision whose file was deleted:
#                   exit 2 naming `retort stamp`; recovered with
#                   `history` and `stamp`
#
# The slow statement: PostgreSQL `SELECT pg_sleep(2)`; SQLite a recursive
# CTE counting to some millions (about a second on a loaded machine).

wf_slow_sqlite="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) INSERT INTO run_log (note) SELECT ''counted '' || count(*) FROM c"

# wf_project DIALECT URL NAME: a new project $wf (retort init) whose
# retort.ini names the database URL; its models/ empty.
wf_project() {
	wf_dialect=$1 wf_url=$2 wf_name="$1 $3"
	wf=$T/$1-$3
	wf_init_st=0
	retort init "$wf" >/dev/null 2>"$T/init.err" || wf_init_st=$?
	rm -f "$wf/models/"*.schema
	# the URL may hold "&" and "/": awk, not sed
	WF_URL=$2 awk '/^database = / { print "database = " ENVIRON["WF_URL"]; next }
		{ print }' "$wf/retort.ini" >"$wf/retort.ini.new" &&
		mv "$wf/retort.ini.new" "$wf/retort.ini"
	[ $wf_init_st -eq 0 ] && grep -qFx "database = $2" "$wf/retort.ini"
	wf_ok "retort init, the database in retort.ini" "$T/init.err"
}

# wf_r ARGS...: retort ARGS in the project; stdout in $wf/out, stderr in
# $wf/err, the exit status in $wf_st.
wf_r() {
	wf_st=0
	(cd "$wf" && retort "$@") >"$wf/out" 2>"$wf/err" || wf_st=$?
}

# wf_ok NAME [FILE...]: a TAP line for the last command's status (0: ok);
# on a failure FILEs (default: the last retort's out and err) as comments.
wf_ok() {
	wf_ok_st=$?
	wf_ok_name=$1
	shift
	if [ $wf_ok_st -eq 0 ]; then
		tap_ok "$wf_name: $wf_ok_name"
		return 0
	fi
	[ $# -eq 0 ] && set -- "$wf/out" "$wf/err"
	for wf_f in "$@"; do
		tap_diag "$wf_f:"
		tap_diag_file "$wf_f" 30
	done
	tap_not_ok "$wf_name: $wf_ok_name"
	return 1
}

# wf_cmd NAME STATUS ARGS...: retort ARGS, ok when it exits STATUS.
wf_cmd() {
	wf_cmd_name=$1 wf_cmd_want=$2
	shift 2
	wf_r "$@"
	[ $wf_st -eq "$wf_cmd_want" ] ||
		tap_diag "retort $*: exit $wf_st, expected $wf_cmd_want"
	[ $wf_st -eq "$wf_cmd_want" ]
	wf_ok "$wf_cmd_name"
}

# wf_sql SQL: runs SQL (one statement or several) on the database;
# prints the rows, columns separated by "|", NULL as "(null)".
wf_sql() {
	if [ "$wf_dialect" = sqlite ]; then
		printf '%s\n' "$1" | sqlite3 -batch -bail -noheader \
			-nullvalue '(null)' -cmd '.timeout 5000' \
			"${wf_url#sqlite:///}"
	else
		printf '%s\n' "$1" | psql -X -q -A -t -F '|' \
			-P null='(null)' -v ON_ERROR_STOP=1 -d "$wf_url" -f -
	fi
}

# wf_rows NAME SQL EXPECTED: ok when the rows of SQL are EXPECTED (lines).
wf_rows() {
	printf '%s\n' "$3" >"$wf/rows.want"
	wf_sql "$2" >"$wf/rows.have" 2>&1
	tap_diff "$wf/rows.want" "$wf/rows.have"
	wf_ok "$1" "$wf/rows.have"
}

# wf_snapshot FILE SQL: the schema (`retort reflect`), the version rows
# and the rows of SQL in FILE: compared before and after a failure.
wf_snapshot() {
	{
		(cd "$wf" && retort reflect 2>&1)
		wf_sql "SELECT version_num FROM retort_version ORDER BY 1;
$2" 2>&1
	} >"$1"
}

# wf_current: the first revision `retort current` prints ("" when none).
wf_current() {
	(cd "$wf" && retort current 2>/dev/null) | awk 'NR == 1 { print $1 }'
}

# wf_at NAME REV: the version table says REV and the database has exactly
# the schema the history gives at REV (`retort diff` from the database to
# history:REV exits 0).
wf_at() {
	wf_at_cur=$(wf_current)
	wf_r diff --from "$wf_url" --to "history:$2"
	[ "$wf_at_cur" = "$2" ] || tap_diag "retort current: \"$wf_at_cur\""
	[ "$wf_at_cur" = "$2" ] && [ $wf_st -eq 0 ]
	wf_ok "$1"
}

# wf_behind NAME: `retort check` with the database exits 1 reporting only
# that the database is not at the head (no drift, nothing on stdout).
wf_behind() {
	wf_r check
	[ $wf_st -eq 1 ] && [ ! -s "$wf/out" ] &&
		[ "$(grep -c 'error:' "$wf/err")" -eq 1 ] &&
		grep -q 'error: the database is at .*, not at the head' "$wf/err"
	wf_ok "$1"
}

# wf_insert_before FILE PATTERN TEXT: TEXT (lines) inserted before the
# first line of FILE matching the awk regex PATTERN; fails when none does.
wf_insert_before() {
	WF_TEXT=$3 awk -v pat="$2" '
		!done && $0 ~ pat { print ENVIRON["WF_TEXT"]; done = 1 }
		{ print }
		END { exit !done }' "$1" >"$1.new" && mv "$1.new" "$1"
}

# wf_draft: the path of the migration `retort revision` just wrote.
wf_draft() {
	printf '%s/%s\n' "$wf" "$(tail -n 1 "$wf/out")"
}

# wf_autogen NAME REVISION-ARGS...: `retort revision --autogenerate
# ARGS` against the database (ok when it exits 0; the draft's path in
# $wf_file), then a check that the draft replays to the models (`retort
# check --offline`): on PostgreSQL the draft must keep the models' own
# spelling of expressions, not the server's.
wf_autogen() {
	wf_autogen_name=$1
	shift
	wf_cmd "$wf_autogen_name" 0 revision --autogenerate "$@"
	wf_file=$(wf_draft)
	wf_r check --offline
	[ $wf_st -eq 0 ]
	wf_ok "$wf_autogen_name: the draft gives the models" "$wf/out"
}

# wf_verify: `retort verify` passes (the history up, down, up on a
# scratch database).
wf_verify() {
	wf_r verify
	[ $wf_st -eq 0 ]
	wf_ok "verify: up, down, up on a scratch database"
}

# ---- Kallithea -----------------------------------------------------

wf_kallithea() {
	wf_project "$1" "$2" kallithea
	cp "$top_srcdir"/schemas/kallithea/*.schema "$wf/models/"
	# the first version of the models has no unique reviewer pair
	sed -i '/unique uq_pull_request_reviewers_user_pull_request/d' \
		"$wf/models/pullrequests.schema"

	wf_autogen "revision --autogenerate from the empty database" \
		-m initial
	first=$wf_file
	rev1=$(sed -n 's/^migration  *//p' "$first")
	grep -q 'create table pull_request_reviewers' "$first"
	wf_ok "the first draft creates the tables" "$first"
	wf_cmd "upgrade head creates the database" 0 upgrade head
	wf_at "the database is at the first revision" "$rev1"

	wf_sql "INSERT INTO users (user_id, username, api_key, email) VALUES
  (1, 'alice', 'k1', 'alice@example.org'), (2, 'bob', 'k2', NULL),
  (3, 'carol', 'k3', 'carol@example.org');
INSERT INTO repositories (repo_id, repo_name, owner_id) VALUES
  (10, 'kallithea', 1), (11, 'kallithea-fork', 2);
INSERT INTO pull_requests (pull_request_id, title, owner_id, revisions,
  org_repo_id, org_ref, other_repo_id, other_ref) VALUES
  (100, 'fix the lexer', 2, 'abc', 11, 'branch:default:abc', 10, 'branch:default:def'),
  (101, 'new feature', 3, 'fed', 11, 'branch:f:fed', 10, 'branch:default:def');
INSERT INTO pull_request_reviewers
  (pull_request_reviewers_id, pull_request_id, user_id) VALUES
  (1, 100, 1), (2, 100, 3), (3, 100, 1), (4, 101, 1), (5, 100, 3),
  (6, 100, 1);" >"$wf/insert.out" 2>&1
	wf_ok "rows with duplicate reviewers" "$wf/insert.out"
	others="SELECT user_id, username, email FROM users ORDER BY 1;
SELECT repo_id, repo_name, owner_id FROM repositories ORDER BY 1;
SELECT pull_request_id, title, owner_id, org_repo_id FROM pull_requests ORDER BY 1;"
	wf_sql "$others" >"$wf/others.before" 2>&1

	# the models change: the pair unique, and a new nullable column
	sed -i 's/^  index (pull_request_id),/  unique uq_pull_request_reviewers_user_pull_request (user_id, pull_request_id),\n&/' \
		"$wf/models/pullrequests.schema"
	sed -i 's/^  user_data   blob,.*/&\n  timezone    varchar(64),/' \
		"$wf/models/users.schema"
	wf_autogen "revision --autogenerate at the head" \
		-m "unique reviewers, user time zone"
	second=$wf_file
	rev2=$(sed -n 's/^migration  *//p' "$second")
	grep -q '^  add column users.timezone varchar(64);' "$second" &&
		grep -q '^  add constraint unique uq_pull_request_reviewers_user_pull_request (user_id, pull_request_id) to pull_request_reviewers;' "$second" &&
		grep -qx "parent    $rev1" "$second"
	wf_ok "the draft adds the column and the constraint" "$second"

	wf_insert_before "$second" '^  add constraint unique uq_pull_request_reviewers' \
		"  -- a reviewer at most once per pull request: keep the first row
  execute 'DELETE FROM pull_request_reviewers WHERE pull_request_reviewers_id NOT IN (SELECT min(pull_request_reviewers_id) FROM pull_request_reviewers GROUP BY user_id, pull_request_id)';"
	wf_ok "the draft edited: delete the duplicates first" "$second"

	wf_cmd "upgrade head runs the edited draft" 0 upgrade head
	wf_at "the database is at the second revision" "$rev2"
	dedup="SELECT pull_request_reviewers_id, pull_request_id, user_id
  FROM pull_request_reviewers ORDER BY 1;"
	wf_rows "the duplicate reviewers are gone, the first of each kept" \
		"$dedup" "1|100|1
2|100|3
4|101|1"
	wf_sql "$others" >"$wf/others.after" 2>&1
	tap_diff "$wf/others.before" "$wf/others.after"
	wf_ok "users, repositories, pull requests untouched" "$wf/others.after"
	! wf_sql "INSERT INTO pull_request_reviewers
  (pull_request_reviewers_id, pull_request_id, user_id) VALUES (7, 101, 1)" \
		>"$wf/dup.out" 2>&1
	wf_ok "the unique constraint holds" "$wf/dup.out"
	wf_cmd "check: the database is at the head, as the models" 0 check

	wf_cmd "downgrade -1" 0 downgrade -1
	wf_behind "after the downgrade check reports only: not at the head"
	wf_at "the schema is back at the first revision" "$rev1"
	wf_rows "the downgrade keeps the rows" "$dedup" "1|100|1
2|100|3
4|101|1"

	wf_cmd "upgrade head again" 0 upgrade head
	wf_cmd "check passes" 0 check
	wf_cmd "history" 0 history
	[ "$(wc -l <"$wf/out")" -eq 2 ] &&
		grep -q "^$rev1 -> $rev2 (head), unique reviewers, user time zone\$" "$wf/out" &&
		grep -q "^<base> -> $rev1, initial\$" "$wf/out"
	wf_ok "history shows both revisions"
	wf_verify
}

# ---- enum values ---------------------------------------------------

# wf_enum_model VALUES: the model with enum mood (VALUES).
wf_enum_model() {
	cat >"$wf/models/app.schema" <<EOF
enum mood ($1)

table people {
  id   integer primary key,
  name text    not null,
  mood mood    not null default 'ok',
}
EOF
}

wf_enum() {
	wf_project "$1" "$2" enum
	wf_enum_model "'sad', 'ok'"
	wf_autogen "revision: a table with an enum column" -m people --rev-id e1
	wf_cmd "upgrade head" 0 upgrade head
	wf_sql "INSERT INTO people (id, name, mood) VALUES (1, 'ann', 'sad'),
  (2, 'bo', 'ok')" >"$wf/insert.out" 2>&1
	wf_ok "rows" "$wf/insert.out"
	people="SELECT id, name, mood FROM people ORDER BY 1;"

	# a value at the end, used in the same migration (PostgreSQL only:
	# ADD VALUE committed first) and inserted by the next one
	wf_enum_model "'sad', 'ok', 'happy'"
	wf_autogen "revision: a value at the end" -m happy --rev-id e2
	grep -q "^  alter enum mood add value 'happy';" "$wf/migrations/e2_happy.migration" &&
		grep -q "^  warning 'enum mood: value ''happy'' is removed: .*rows holding it make the downgrade fail" \
			"$wf/migrations/e2_happy.migration"
	wf_ok "the draft adds the value, its downgrade warns" \
		"$wf/migrations/e2_happy.migration"
	wf_insert_before "$wf/migrations/e2_happy.migration" '^}' \
		"  execute postgresql 'UPDATE people SET name = name WHERE mood = ''happy''';"
	wf_cmd "revision: an empty migration" 0 revision -m "a happy person" --rev-id e3
	cat >"$wf/migrations/e3_a_happy_person.migration" <<'EOF'
migration e3
parent    e2
message   'a happy person'
created   '2026-11-21T10:00:00Z'

upgrade {
  execute 'INSERT INTO people (id, name, mood) VALUES (3, ''cy'', ''happy'')';
}

downgrade {
  execute 'DELETE FROM people WHERE id = 3';
}
EOF
	wf_cmd "upgrade head: the new value used at once" 0 upgrade head
	wf_rows "a row with the new value" "$people" "1|ann|sad
2|bo|ok
3|cy|happy"

	# a value in the middle
	wf_enum_model "'sad', 'meh', 'ok', 'happy'"
	wf_autogen "revision: a value in the middle" -m meh --rev-id e4
	grep -q "^  alter enum mood add value 'meh' after 'sad';" \
		"$wf/migrations/e4_meh.migration"
	wf_ok "the draft places the value" "$wf/migrations/e4_meh.migration"
	wf_cmd "upgrade head: the value in the middle" 0 upgrade head
	wf_cmd "check passes" 0 check
	wf_sql "INSERT INTO people (id, name, mood) VALUES (4, 'di', 'meh')" \
		>"$wf/insert.out" 2>&1
	wf_ok "a row with the middle value" "$wf/insert.out"
	if [ "$wf_dialect" = postgresql ]; then
		wf_rows "the type's values in the models' order" \
			"SELECT enum_range(NULL::mood)" "{sad,meh,ok,happy}"
	fi

	# the downgrade of 'meh' with a row holding it: refused, clean
	wf_snapshot "$wf/before" "$people"
	wf_cmd "downgrade -1 with a row holding the removed value: exit 3" 3 \
		downgrade -1
	# the line of the `set type` (PostgreSQL); a SQLite rebuild is
	# reported at the last operation of its batch for now
	wf_line=15
	[ "$wf_dialect" = sqlite ] && wf_line='[0-9]*'
	grep -q "warning: enum mood: value 'meh' is removed" "$wf/err" &&
		grep -q "e4_meh.migration:$wf_line:3: error: the downgrade of \"e4\" failed here" "$wf/err"
	wf_ok "the warning, and the failing operation's file and line"
	wf_snapshot "$wf/after" "$people"
	tap_diff "$wf/before" "$wf/after"
	wf_ok "the failed downgrade changed nothing" "$wf/after"

	wf_sql "DELETE FROM people WHERE id = 4" >/dev/null 2>&1
	wf_cmd "downgrade -1 once no row holds the value" 0 downgrade -1
	wf_at "the database is at e3" e3
	wf_rows "the rows survive the rebuilt type" "$people" "1|ann|sad
2|bo|ok
3|cy|happy"
	wf_cmd "downgrade -2: the end value removed after its row" 0 downgrade -2
	wf_at "the database is at e1" e1
	wf_rows "the rows of the remaining values survive" "$people" "1|ann|sad
2|bo|ok"
	wf_cmd "upgrade head again" 0 upgrade head
	wf_cmd "check passes" 0 check
	wf_verify
}

# ---- two upgrades at once ------------------------------------------

# wf_log_project DIALECT URL NAME: a project at c1 with a run_log table,
# and migration c2 whose upgrade is slow and logs one row.
wf_log_project() {
	wf_project "$1" "$2" "$3"
	cat >"$wf/models/app.schema" <<'EOF'
table run_log {
  id   integer primary key,
  note text    not null,
}
EOF
	wf_r revision --autogenerate -m "run log" --rev-id c1 &&
		wf_r upgrade head
	wf_ok "at c1, a run_log table"
	cat >"$wf/migrations/c2_slow.migration" <<EOF
migration c2
parent    c1
message   'slow'
created   '2026-11-21T10:00:00Z'

upgrade {
  execute sqlite '$wf_slow_sqlite';
  execute postgresql 'SELECT pg_sleep(2)';
  execute postgresql 'INSERT INTO run_log (id, note) SELECT count(*) + 1, ''slept'' FROM run_log';
}

downgrade {
  execute 'DELETE FROM run_log';
}
EOF
}

wf_concurrent() {
	wf_log_project "$1" "$2" concurrent
	(cd "$wf" && exec $RETORT upgrade head) >"$wf/a.out" 2>"$wf/a.err" &
	wf_a=$!
	(cd "$wf" && exec $RETORT upgrade head) >"$wf/b.out" 2>"$wf/b.err" &
	wf_b=$!
	wf_a_st=0 wf_b_st=0
	wait $wf_a || wf_a_st=$?
	wait $wf_b || wf_b_st=$?
	[ $wf_a_st -eq 0 ] && [ $wf_b_st -eq 0 ]
	wf_ok "both exit 0" "$wf/a.err" "$wf/b.err"
	wf_rows "the slow migration ran once" "SELECT count(*) FROM run_log" 1
	[ "$(cat "$wf/a.err" "$wf/b.err" | grep -c '^retort: upgrade c1 -> c2, slow$')" -eq 1 ] &&
		[ "$(cat "$wf/a.err" "$wf/b.err" | grep -c '^retort: nothing to do: the database is at c2$')" -eq 1 ]
	wf_ok "one applied it, the other found nothing to do" "$wf/a.err" "$wf/b.err"
	[ "$(wf_current)" = c2 ]
	wf_ok "current: c2"
	wf_cmd "check passes" 0 check
}

# ---- a failing statement -------------------------------------------

wf_failing() {
	wf_project "$1" "$2" failing
	cat >"$wf/models/app.schema" <<'EOF'
table items {
  id   integer primary key,
  name text    not null,
  qty  integer not null,
}
EOF
	wf_r revision --autogenerate -m items --rev-id f1 && wf_r upgrade head
	wf_ok "at f1, a table"
	items="SELECT id, name, qty FROM items ORDER BY 1;"
	wf_sql "INSERT INTO items VALUES (1, 'bolt', 5), (2, 'nut', 0)" \
		>"$wf/insert.out" 2>&1
	wf_ok "rows" "$wf/insert.out"
	cat >"$wf/migrations/f2_stock.migration" <<'EOF'
migration f2
parent    f1
message   'stock'
created   '2026-11-21T10:00:00Z'

upgrade {
  add column items.note text;
  execute 'UPDATE items SET name = upper(name), note = ''checked''';
  add constraint check ck_items_qty_positive (qty > 0) to items;
}

downgrade {
  drop constraint items.ck_items_qty_positive;
  drop column items.note;
}
EOF
	wf_snapshot "$wf/before" "$items"
	wf_cmd "upgrade: the third statement fails, exit 3" 3 upgrade head
	grep -q 'f2_stock.migration:9:3: error: the upgrade of "f2" failed here' "$wf/err" &&
		grep -q 'ck_items_qty_positive' "$wf/err"
	wf_ok "the error names the file and line of the operation, and the database's message"
	wf_at "the database is still at f1: no column note" f1
	wf_rows "the UPDATE did not happen" "$items" "1|bolt|5
2|nut|0"
	wf_snapshot "$wf/after" "$items"
	tap_diff "$wf/before" "$wf/after"
	wf_ok "nothing half-applied" "$wf/after"

	# the fix: the rows that break the constraint mended first
	wf_insert_before "$wf/migrations/f2_stock.migration" '^  add constraint' \
		"  execute 'UPDATE items SET qty = 1 WHERE qty <= 0';"
	wf_cmd "the migration fixed, upgrade head" 0 upgrade head
	wf_rows "all three statements ran" \
		"SELECT id, name, qty, note FROM items ORDER BY 1;" "1|BOLT|5|checked
2|NUT|1|checked"
	wf_verify
}

# ---- SIGKILL -------------------------------------------------------

wf_killed() {
	wf_log_project "$1" "$2" killed
	# c2 (slow, longer on SQLite) between two schema changes
	sed -i 's/x < 3000000/x < 6000000/' "$wf/migrations/c2_slow.migration"
	mv "$wf/migrations/c2_slow.migration" "$wf/migrations/c2_slow.tmp"
	sed 's/^parent    c1/parent    k1/' "$wf/migrations/c2_slow.tmp" \
		>"$wf/migrations/c2_slow.migration"
	rm "$wf/migrations/c2_slow.tmp"
	cat >"$wf/migrations/k1_at.migration" <<'EOF'
migration k1
parent    c1
message   'at'
created   '2026-11-21T10:00:00Z'

upgrade {
  add column run_log.at integer;
}

downgrade {
  drop column run_log.at;
}
EOF
	cat >"$wf/migrations/k3_by.migration" <<'EOF'
migration k3
parent    c2
message   'by'
created   '2026-11-21T10:00:00Z'

upgrade {
  add column run_log.by text;
}

downgrade {
  drop column run_log.by;
}
EOF
	cat >"$wf/models/app.schema" <<'EOF'
table run_log {
  id   integer primary key,
  note text    not null,
  at   integer,
  by   text,
}
EOF
	wf_r check --offline
	wf_ok "the chain c1 -> k1 -> c2 (slow) -> k3 gives the models"

	(cd "$wf" && exec $RETORT upgrade head) >"$wf/a.out" 2>"$wf/a.err" &
	wf_a=$!
	# k1 recorded: c2 has started; a moment later, the kill
	wf_i=0
	while [ "$(wf_sql 'SELECT version_num FROM retort_version' 2>/dev/null)" != k1 ] &&
		[ $wf_i -lt 200 ]; do
		sleep 0.05
		wf_i=$((wf_i + 1))
	done
	sleep 0.3
	kill -9 $wf_a
	wf_a_st=0
	wait $wf_a || wf_a_st=$?
	[ $wf_a_st -eq 137 ]
	wf_ok "killed while c2 ran" "$wf/a.err"

	cur=$(wf_current)
	wf_cmd "history" 0 history
	[ -n "$cur" ] && grep -q -- "-> ${cur}[ ,]" "$wf/out"
	wf_ok "current ($cur) is a revision of the history"
	[ "$cur" = k1 ]
	wf_ok "the killed migration left no trace: current k1"
	wf_behind "check reports only: not at the head"
	wf_at "the database has the schema of that revision" "$cur"
	if [ "$wf_dialect" = sqlite ]; then
		[ "$(wf_sql 'PRAGMA integrity_check')" = ok ]
		wf_ok "the database file is sound"
	fi
	wf_cmd "upgrade head completes" 0 upgrade head
	wf_at "at the head" k3
	wf_rows "the slow migration ran once" "SELECT count(*) FROM run_log" 1
	wf_cmd "check passes" 0 check
	if [ "$wf_dialect" = sqlite ]; then
		[ ! -e "${wf_url#sqlite:///}-journal" ]
		wf_ok "no journal left"
	fi
}

# ---- no such revision ----------------------------------------------

wf_lost_revision() {
	wf_project "$1" "$2" lost-revision
	cat >"$wf/models/app.schema" <<'EOF'
table notes {
  id   integer primary key,
  body text    not null,
}
EOF
	wf_r revision --autogenerate -m notes --rev-id n1 && wf_r upgrade head
	wf_ok "revision n1, upgraded to it"
	sed -i 's/^}/  tag  text,\n}/' "$wf/models/app.schema"
	wf_r revision --autogenerate -m tag --rev-id n2 && wf_r upgrade head
	wf_ok "revision n2, upgraded to it"
	wf_sql "INSERT INTO notes VALUES (1, 'hello', 'x')" >/dev/null 2>&1

	# n2's file is deleted and the same change written again as n3
	rm "$wf/migrations/n2_tag.migration"
	wf_cmd "the change written again (--offline)" 0 \
		revision --autogenerate --offline -m tag --rev-id n3
	wf_cmd "upgrade: no such revision, exit 2" 2 upgrade head
	grep -q 'error: the database is at revision "n2", which is not in the history' "$wf/err" &&
		grep -q 'retort stamp' "$wf/err"
	wf_ok "the message names n2 and \`retort stamp\`"
	wf_cmd "current: exit 2 too" 2 current

	# the way out: the version table dropped, the revision found with
	# `retort history`, recorded with `retort stamp`
	wf_sql "DROP TABLE retort_version" >"$wf/drop.out" 2>&1
	wf_ok "the version table dropped" "$wf/drop.out"
	wf_cmd "history" 0 history
	head=$(sed -n 's/^.* -> \([^ ]*\) (head), .*/\1/p' "$wf/out")
	[ "$head" = n3 ]
	wf_ok "history: the head is n3"
	wf_cmd "the database has n3's schema" 0 diff --from "$wf_url" \
		--to "history:$head"
	wf_cmd "stamp $head" 0 stamp "$head"
	wf_cmd "check passes" 0 check
	wf_cmd "upgrade head: nothing to do" 0 upgrade head
	grep -q 'nothing to do' "$wf/err"
	wf_ok "nothing to do"
	wf_rows "the rows are there" "SELECT id, body, tag FROM notes" "1|hello|x"
	wf_verify
}
