# tests/chains/websauna.sh - how schemas/websauna/ grew: the history
# committed in generated/websauna/migrations/ (see tests/lib/chains.sh).

chain_steps() {
	step 1 3eb5a0000001 2025-01-09T08:15:00Z 'users, groups and activation'
	step 2 3eb5a0000002 2025-01-23T08:15:00Z 'group membership, sessions, user data'
	step 3 3eb5a0000003 2025-02-06T08:15:00Z 'wallet add-on'
	step 4 3eb5a0000004 2025-02-20T08:15:00Z 'wallet: pending and closed assets, address labels dropped'
}

# 4: enum values added in the middle and at the end, a column dropped, a
# foreign key made NOT NULL, a partial index.
before_4() {
	edit addon/wallet.schema "s/('unknown', 'pending', 'active', 'closed')/('unknown', 'active')/"
	add_after addon/wallet.schema '^  address     varchar\(128\)' '  label       varchar(256),'
	edit addon/wallet.schema 's/^\(  network_id  uuid  *\)not null \(references asset_networks on delete cascade,\)/\1\2/'
	drop_lines addon/wallet.schema 'ix_crypto_transactions_pending'
}

# 3: the add-on package's file, referring to the core's users.
before_3() {
	drop_file addon/wallet.schema
}

# 2: a table, a file, a column with a default and a plain column.
before_2() {
	drop_table core/user.schema usergroup
	drop_file core/session.schema
	drop_lines core/user.schema '^  (user_data|last_auth_sensitive_operation_at) '
}
