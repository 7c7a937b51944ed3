# tests/lib/package.sh - packages (--package NAME|all, [package:NAME])
# end to end on a Websauna-like project, written once and run on SQLite by
# tests/package.test and on PostgreSQL by tests/package-pg.test: two
# packages, core (schemas/websauna/core) and wallet (schemas/websauna/
# addon, whose tables reference core's users), each with its own models,
# migrations and version table, in one database.  Then Websauna's
# workflows: a migration fixed by downgrading, deleting it and
# regenerating; a dropped version table recovered with history + stamp;
# a version row naming a deleted migration.  Uses tests/lib/runner.sh's
# helpers (new_db, q, tables, rt, expect), so tap.sh (and pg.sh for
# PostgreSQL) and runner.sh are sourced first.

# pkg_count NAME DIR N: ok when DIR/migrations holds exactly N files.
pkg_count() {
	pkg_n=$(ls "$P/$2/migrations" | wc -l)
	if [ "$pkg_n" -eq "$3" ]; then
		tap_ok "$DIALECT: $1"
	else
		tap_diag "$(ls "$P/$2/migrations")"
		tap_not_ok "$DIALECT: $1"
	fi
}

# pkg_same NAME EXPECTED ACTUAL: ok when the two strings are equal.
pkg_same() {
	if [ "$2" = "$3" ]; then
		tap_ok "$DIALECT: $1"
	else
		tap_diag "got:  $3"
		tap_diag "want: $2"
		tap_not_ok "$DIALECT: $1"
	fi
}

# pkg_created FILE: the tables a migration's upgrade creates, sorted, on
# one line.
pkg_created() {
	sed -n '/^upgrade {/,/^}/s/^  create table \([a-z_]*\) {$/\1/p' "$1" |
		sort | tr '\n' ' '
}

package_project() {
	P=$T/pkg-$DIALECT
	rm -rf "$P"
	mkdir -p "$P/core/models" "$P/core/migrations" \
		"$P/wallet/models" "$P/wallet/migrations"
	cp "$top_srcdir"/schemas/websauna/core/*.schema "$P/core/models/"
	cp "$top_srcdir"/schemas/websauna/addon/*.schema "$P/wallet/models/"
	# wallet's version table is the default one, retort_version_wallet
	cat >"$P/retort.ini" <<'EOF'
[package:core]
models = core/models
migrations = core/migrations
version_table = core_version

[package:wallet]
models = wallet/models
migrations = wallet/migrations
EOF
}

package_cases() {
	DIALECT=$1
	RETORT_NOW=2026-11-21T10:00:00Z
	export RETORT_NOW
	package_project
	new_db pkg

	# --- autogenerate per package against the live database ---
	rt core1 revision --autogenerate -m core --rev-id c1 --package core
	expect "core: revision --autogenerate" 0
	pkg_same "core: its own tables only" \
		"groups user_activation user_sessions usergroup users " \
		"$(pkg_created "$P/core/migrations/c1_core.migration")"
	rt core-up upgrade --package core
	expect "core: upgrade" 0
	rt wallet1 revision --autogenerate -m wallet --rev-id w1 \
		--package wallet
	expect "wallet: revision --autogenerate with core's tables there" 0
	pkg_same "wallet: its own tables only" \
		"accounts asset_networks assets crypto_addresses crypto_transactions user_owned_accounts " \
		"$(pkg_created "$P/wallet/migrations/w1_wallet.migration")"
	grep -q 'references users (id) on delete cascade' \
		"$P/wallet/migrations/w1_wallet.migration"
	verdict "wallet: a foreign key to core's users"
	rt off check --offline --package all
	expect "check --offline --package all" 0

	# --- every package in turn ---
	rt up-all upgrade --package all
	expect "upgrade --package all" 0
	pkg_same "upgrade --package all: a line per package" \
		"== package core ==
== package wallet ==" "$(cat "$T/up-all.out")"
	rt cur current --package all
	expect "current --package all" 0
	pkg_same "current --package all: each package's head" \
		"== package core ==
c1 (head)
== package wallet ==
w1 (head)" "$(cat "$T/cur.out")"
	pkg_same "each version table holds its own row" "c1 w1" \
		"$(q 'SELECT version_num FROM core_version') $(q 'SELECT version_num FROM retort_version_wallet')"
	rt chk check --package all
	expect "check --package all" 0
	rt refl reflect
	expect "reflect in a project of packages" 0
	! grep -q version "$T/refl.out"
	verdict "reflect leaves out every package's version table"

	# --- a change in one package's models ---
	awk '{ print }
	/^  name       varchar\(256\),$/ { print "  nickname   varchar(64)," }' \
		"$P/wallet/models/wallet.schema" >"$T/wallet.schema"
	cp "$T/wallet.schema" "$P/wallet/models/wallet.schema"
	rt nick revision --autogenerate -m nickname --package all
	expect "revision --autogenerate --package all" 0
	pkg_count "a change in wallet: no migration for core" core 1
	pkg_count "a change in wallet: one for wallet" wallet 2
	grep -q '^  add column user_owned_accounts.nickname varchar(64);$' \
		"$P"/wallet/migrations/*_nickname.migration
	verdict "the wallet migration adds the column"
	rt up2 upgrade --package all
	expect "upgrade --package all: the new column" 0

	# --- fix a migration: downgrade, delete, change, regenerate ---
	rt down downgrade -1 --package wallet
	expect "downgrade -1 --package wallet" 0
	pkg_same "downgraded: wallet back at w1, core untouched" "c1 w1" \
		"$(q 'SELECT version_num FROM core_version') $(q 'SELECT version_num FROM retort_version_wallet')"
	rm "$P"/wallet/migrations/*_nickname.migration
	sed 's/nickname   varchar(64)/nickname   varchar(128)/' \
		"$P/wallet/models/wallet.schema" >"$T/wallet.schema"
	cp "$T/wallet.schema" "$P/wallet/models/wallet.schema"
	rt regen revision --autogenerate -m nickname --rev-id w2 \
		--package wallet
	expect "regenerated after the fix" 0
	grep -q 'nickname varchar(128);$' "$P/wallet/migrations/w2_nickname.migration"
	verdict "the regenerated migration has the fixed column"
	rt up3 upgrade --package wallet
	expect "upgrade --package wallet: the fixed migration" 0
	rt chk2 check --package all
	expect "check --package all after the fix" 0

	# --- a dropped version table: history + stamp ---
	q 'DROP TABLE core_version' >/dev/null
	rt lost upgrade --package core
	expect "a dropped version table: upgrade refuses" 3
	rt hist history --package core
	expect "history --package core" 0
	pkg_same "history names the revision to stamp" \
		"<base> -> c1 (head), core" "$(cat "$T/hist.out")"
	rt stamp stamp c1 --package core
	expect "stamp c1 --package core" 0
	rt chk3 check --package all
	expect "check --package all after the stamp" 0

	# --- no such revision: a row naming a deleted migration ---
	q "UPDATE retort_version_wallet SET version_num = 'deadbeef0000'" \
		>/dev/null
	rt gone upgrade --package wallet
	expect "no such revision: exit 2" 2
	grep -q 'deadbeef0000.*not in the history' "$T/gone.err" &&
		grep -q 'retort stamp' "$T/gone.err"
	verdict "no such revision: the message names retort stamp"
	rt fix stamp w2 --package wallet
	expect "stamp w2 --package wallet" 0
	rt chk4 check --package all
	expect "check --package all at the end" 0

	# --- the commands that replay a package's history onto the others'
	rt ver verify --package all --db "$URL"
	expect "verify --package all: wallet's history on core's tables" 0
	rt sqlw upgrade --sql --package wallet --dialect "$DIALECT"
	expect "upgrade --sql --package wallet" 0
	grep -q 'REFERENCES "users"' "$T/sqlw.out" &&
		! grep -q 'CREATE TABLE "users"' "$T/sqlw.out"
	verdict "upgrade --sql --package wallet: references core, creates none of it"
	rt lintw lint --package wallet
	[ "$st" -le 1 ] && ! grep -q 'unknown table' "$T/lintw.err"
	verdict "lint --package wallet: replays onto core's tables"

	# --- usage errors ---
	rt nopkg upgrade
	expect "no --package in a project of packages: exit 2" 2
	grep -q -- '--package NAME (core, wallet)' "$T/nopkg.err"
	verdict "no --package: the hint names the packages"
	rt unknown current --package nope
	expect "an unknown package: exit 2" 2
	grep -q 'are core, wallet' "$T/unknown.err"
	verdict "an unknown package: the known ones named"
	rt show show c1 --package all
	expect "show --package all: exit 2" 2
	rt rev revision -m x --package all
	expect "revision -m --package all without --autogenerate: exit 2" 2
	rt json check --package all --format json
	expect "--package all --format json: exit 2" 2
}
