# tests/chains/kallithea.sh - how schemas/kallithea/ grew: the history
# committed in generated/kallithea/migrations/ (see tests/lib/chains.sh).

chain_steps() {
	step 1 ca1100000001 2025-01-06T09:00:00Z 'users, settings, repositories and permissions'
	step 2 ca1100000002 2025-01-20T09:00:00Z 'landing revision, api keys, cache index'
	step 3 ca1100000003 2025-02-03T09:00:00Z 'external authentication replaces ldap_dn'
	step 4 ca1100000004 2025-02-17T09:00:00Z 'pull requests, changeset review, notifications, gists'
	step 5 ca1100000005 2025-03-03T09:00:00Z 'review: under_review status, one review per user'
}

# 5: a status added at the end of an enum, a notification type in the
# middle of one, a partial index, and a reviewer at most once per pull
# request (a unique constraint on an existing table).
before_5() {
	edit changesets.schema "s/, 'under_review')/)/"
	edit notifications.schema "s/'cs_comment', 'pull_request', /'cs_comment', /"
	drop_lines pullrequests.schema 'ix_pull_requests_open'
	drop_lines pullrequests.schema 'unique uq_pull_request_reviewers_user_pull_request'
}

# 4: four files of new tables and enums.
before_4() {
	drop_file pullrequests.schema
	drop_file changesets.schema
	drop_file notifications.schema
	drop_file gists.schema
}

# 3: a column dropped, two added, and api_key made NOT NULL.
before_3() {
	drop_lines users.schema '^  extern_(type|name) '
	add_after users.schema '^  last_login ' '  ldap_dn     varchar(255),'
	edit users.schema 's/^\(  api_key .*\) not null,/\1,/'
}

# 2: a column with a default, a new table, a named index.
before_2() {
	drop_lines repos.schema '^  landing_revision '
	drop_table users.schema user_api_keys
	drop_lines repos.schema 'ix_cache_invalidation_args'
}
