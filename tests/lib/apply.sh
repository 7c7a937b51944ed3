# tests/lib/apply.sh - what the apply tests compare: the objects a model
# declares (from `retort --dump=schema`, the checked schema as JSON, see
# src/schema_json.c) and the objects a database holds after the model's
# `retort sql` ran on it, as sorted lines:
#   table <TAB> NAME
#   column <TAB> TABLE <TAB> POSITION <TAB> NAME      (declared order)
#   view <TAB> NAME
#   enum <TAB> NAME <TAB> POSITION <TAB> VALUE         (postgresql only)
#   index <TAB> TABLE <TAB> NAME                       (declared indexes)
#   constraint <TAB> TABLE <TAB> KIND <TAB> NAME       (postgresql only:
#                                     SQLite does not keep constraint names)
#   comment <TAB> TABLE <TAB> [COLUMN] <TAB> TEXT      (postgresql only)
# On PostgreSQL every NAME is schema-qualified (public by default); on
# SQLite names are bare.  Sourced after tap.sh; needs jq.

# model_objects MODELPATH DIALECT OUT: exit status of retort.
model_objects() {
	mo_st=0
	retort --models "$1" --dialect "$2" --dump=schema >"$3.json" \
		2>"$3.stderr" || mo_st=$?
	[ $mo_st -eq 0 ] || return $mo_st
	if [ "$2" = postgresql ]; then
		mo_q='(if .schema then .schema else "public" end) + "." + .name'
	else
		mo_q='.name'
	fi
	jq -r "
		def q: $mo_q;
		(.tables // [])[] as \$t
		| (\"table\t\" + (\$t | q)),
		  (\$t.columns | to_entries[]
		   | \"column\t\" + (\$t | q) + \"\t\" + (.key | tostring)
		     + \"\t\" + .value.name),
		  ((\$t.indexes // [])[]
		   | \"index\t\" + (\$t | q) + \"\t\" + .name)
		" "$3.json" >"$3.raw" || return 99
	jq -r "def q: $mo_q; (.views // [])[] | \"view\t\" + q" "$3.json" \
		>>"$3.raw" || return 99
	if [ "$2" = postgresql ]; then
		jq -r "def q: $mo_q; (.enums // [])[] as \$e
			| \$e.values | to_entries[]
			| \"enum\t\" + (\$e | q) + \"\t\" + (.key | tostring)
			  + \"\t\" + .value" "$3.json" >>"$3.raw" || return 99
		jq -r "def q: $mo_q; (.tables // [])[] as \$t
			| (\$t.constraints // [])[]
			| \"constraint\t\" + (\$t | q) + \"\t\" + .kind
			  + \"\t\" + .name" "$3.json" >>"$3.raw" || return 99
		jq -r "def q: $mo_q; (.tables // [])[] as \$t
			| (if \$t.comment then \"comment\t\" + (\$t | q)
			     + \"\t\t\" + \$t.comment else empty end),
			  (\$t.columns[] | select(.comment)
			   | \"comment\t\" + (\$t | q) + \"\t\" + .name + \"\t\"
			     + .comment)" "$3.json" >>"$3.raw" || return 99
	fi
	sort "$3.raw" >"$3"
}

# sqlite_objects DB OUT
sqlite_objects() {
	sqlite3 -bail -noheader -list "$1" "
		SELECT 'table' || char(9) || name FROM sqlite_schema
		 WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		UNION ALL
		SELECT 'column' || char(9) || m.name || char(9) || p.cid
		       || char(9) || p.name
		  FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS p
		 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		UNION ALL
		SELECT 'view' || char(9) || name FROM sqlite_schema
		 WHERE type = 'view'
		UNION ALL
		SELECT 'index' || char(9) || tbl_name || char(9) || name
		  FROM sqlite_schema
		 WHERE type = 'index' AND sql IS NOT NULL;" >"$2.raw" || return 1
	sort "$2.raw" >"$2"
}

# pg_objects DBNAME OUT (the private cluster's environment is set)
pg_objects() {
	psql -X -q -v ON_ERROR_STOP=1 -At -d "$1" -c "
		SELECT 'table' || E'\t' || n.nspname || '.' || c.relname
		  FROM pg_catalog.pg_class c
		  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.relkind IN ('r', 'p')
		   AND n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%'
		UNION ALL
		SELECT 'column' || E'\t' || n.nspname || '.' || c.relname || E'\t'
		       || (row_number() OVER (PARTITION BY c.oid
		                              ORDER BY a.attnum) - 1)
		       || E'\t' || a.attname
		  FROM pg_catalog.pg_class c
		  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
		 WHERE c.relkind IN ('r', 'p') AND a.attnum > 0
		   AND NOT a.attisdropped
		   AND n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%'
		UNION ALL
		SELECT 'view' || E'\t' || n.nspname || '.' || c.relname
		  FROM pg_catalog.pg_class c
		  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.relkind = 'v'
		   AND n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%'
		UNION ALL
		SELECT 'enum' || E'\t' || n.nspname || '.' || t.typname || E'\t'
		       || (row_number() OVER (PARTITION BY t.oid
		                              ORDER BY e.enumsortorder) - 1)
		       || E'\t' || e.enumlabel
		  FROM pg_catalog.pg_type t
		  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
		  JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
		UNION ALL
		SELECT 'index' || E'\t' || n.nspname || '.' || t.relname || E'\t'
		       || c.relname
		  FROM pg_catalog.pg_index i
		  JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
		  JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
		  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
		 WHERE n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%'
		   AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k
		                    WHERE k.conindid = i.indexrelid
		                      AND k.conrelid = i.indrelid
		                      AND k.contype IN ('p', 'u', 'x'))
		UNION ALL
		SELECT 'constraint' || E'\t' || n.nspname || '.' || t.relname
		       || E'\t' || CASE k.contype WHEN 'p' THEN 'primary key'
		                   WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
		                   ELSE 'check' END
		       || E'\t' || k.conname
		  FROM pg_catalog.pg_constraint k
		  JOIN pg_catalog.pg_class t ON t.oid = k.conrelid
		  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
		 WHERE k.contype IN ('p', 'u', 'f', 'c')
		   AND n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%'
		UNION ALL
		SELECT 'comment' || E'\t' || n.nspname || '.' || c.relname || E'\t'
		       || coalesce(a.attname, '') || E'\t' || d.description
		  FROM pg_catalog.pg_description d
		  JOIN pg_catalog.pg_class c ON c.oid = d.objoid
		  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		  LEFT JOIN pg_catalog.pg_attribute a
		         ON a.attrelid = c.oid AND a.attnum = d.objsubid
		 WHERE d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
		   AND c.relkind IN ('r', 'p')
		   AND n.nspname <> 'information_schema'
		   AND n.nspname NOT LIKE 'pg\_%';" \
		>"$2.raw" || return 1
	sort "$2.raw" >"$2"
}

# permuted_copy MODELPATH DIR: copies the model's files flat into DIR under
# new names that list in the reverse order, so that a loader relying on
# file names or readdir order would change its output.
permuted_copy() {
	mkdir -p "$2"
	if [ -d "$1" ]; then
		pc_files=$(find "$1" -name '*.schema' | sort)
	else
		pc_files=$1
	fi
	pc_n=$(printf '%s\n' "$pc_files" | wc -l)
	printf '%s\n' "$pc_files" | while IFS= read -r pc_f; do
		cp "$pc_f" "$2/$(printf '%03d' "$pc_n")-renamed.schema"
		pc_n=$((pc_n - 1))
	done
}
