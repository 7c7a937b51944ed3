# tests/chains/showcase_pg.sh - how schemas/showcase_pg/ grew: the
# history committed in generated/showcase_pg/migrations/ (see
# tests/lib/chains.sh).

chain_steps() {
	step 1 5ca9e0000001 2025-01-08T16:30:00Z 'audit events'
	step 2 5ca9e0000002 2025-01-22T16:30:00Z 'event links and the recent errors view'
	step 3 5ca9e0000003 2025-02-05T16:30:00Z 'warning severity, duration, index on warnings'
	step 4 5ca9e0000004 2025-02-19T16:30:00Z 'watchers; tags required'
}

# 4: a table in the default schema referring to the audit schema, and a
# NOT NULL tightened on a column with a default.
before_4() {
	drop_file public.schema
	edit audit.schema "s/^\(  tags .*text\[\]\)         not null default '{}',/\1 default '{}',/"
}

# 3: an enum value in the middle, used at once by a partial index; a
# column and a hash index.
before_3() {
	edit audit.schema "s/('debug', 'info', 'warning', 'error')/('debug', 'info', 'error')/"
	drop_lines audit.schema "^  index \(at desc\) using btree where"
	drop_lines audit.schema '^  duration '
	drop_lines audit.schema 'ix_events_actor_hash'
}

# 2: a table and a view in the audit schema.
before_2() {
	drop_table audit.schema audit.event_links
	edit audit.schema '/^view audit.recent_errors/,/^)/d'
}
