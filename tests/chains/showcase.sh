# tests/chains/showcase.sh - how schemas/showcase/ grew: the history
# committed in generated/showcase/migrations/ (see tests/lib/chains.sh).

chain_steps() {
	step 1 5ca5e0000001 2025-01-07T14:00:00Z 'account and the type catalogue'
	step 2 5ca5e0000002 2025-01-21T14:00:00Z 'rename account to accounts, name to display_name'
	step 3 5ca5e0000003 2025-02-04T14:00:00Z 'orders and staff'
	step 4 5ca5e0000004 2025-02-18T14:00:00Z 'views, order totals, mood ok, employee email required'
}

# 4: two views (one over a column added in the same step), a stored
# generated column, an enum value in the middle, an index dropped and a
# NOT NULL tightened.
before_4() {
	drop_file views.schema
	drop_lines accounts.schema '^  total '
	edit types.schema "s/('sad', 'ok', 'happy')/('sad', 'happy')/"
	add_after staff.schema '^  index ix_employees_yearly_salary ' '  index (hired_on),'
	edit staff.schema 's/^\(  email .*varchar(255)\)   not null,/\1,/'
}

# 3: a table whose name is a reserved word, and a file of tables with a
# foreign-key cycle.
before_3() {
	drop_table accounts.schema '"Order"'
	drop_file staff.schema
}

# 2: a table and a column renamed, as the example's `renamed from` hints
# say.
before_2() {
	edit accounts.schema 's/^table accounts renamed from account {/table account {/'
	edit accounts.schema 's/^  display_name  varchar(100)    not null renamed from name,/  name          varchar(100)    not null,/'
	edit accounts.schema 's/references accounts (id)/references account (id)/'
}
