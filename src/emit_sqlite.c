/*
 * emit_sqlite.c - the SQLite dialect of the SQL back end (struct
 * dialect_ops, see emit_dialect.h).  emit.c writes the statements; this
 * file only says how SQLite spells types and keys and what it lacks
 * (enum types, schemas, comments, index methods).
 *
 * Type spellings.  SQLite gives a column a type affinity from its declared
 * type by the rules of https://www.sqlite.org/datatype3.html section 3.1,
 * tried in order: (1) contains "INT" -> INTEGER; (2) "CHAR", "CLOB" or
 * "TEXT" -> TEXT; (3) "BLOB" or no type -> BLOB; (4) "REAL", "FLOA" or
 * "DOUB" -> REAL; (5) otherwise NUMERIC.  Each portable type has exactly
 * one spelling, chosen so the affinity fits and a reflector can map the
 * spelling back to the one portable type:
 *
 *   portable      SQLite spelling     affinity (rule)
 *   smallint      SMALLINT            INTEGER (1)
 *   integer       INTEGER             INTEGER (1)
 *   bigint        BIGINT              INTEGER (1)
 *   real          REAL                REAL    (4)
 *   double        DOUBLE              REAL    (4)
 *   numeric(p,s)  NUMERIC(p,s)        NUMERIC (5)
 *   boolean       BOOLEAN             NUMERIC (5)
 *   text          TEXT                TEXT    (2)
 *   varchar(n)    VARCHAR(n)          TEXT    (2)
 *   char(n)       CHAR(n)             TEXT    (2)
 *   date          DATE                NUMERIC (5)
 *   time          TIME                NUMERIC (5)
 *   timestamp     TIMESTAMP           NUMERIC (5)
 *   timestamptz   TIMESTAMPTZ         NUMERIC (5)
 *   interval      INTERVAL_TEXT       TEXT    (2: plain INTERVAL would be
 *                                     INTEGER, "INTerval", and turn '5'
 *                                     into 5)
 *   blob          BLOB                BLOB    (3)
 *   json          JSON_TEXT           TEXT    (2: with NUMERIC affinity
 *   jsonb         JSONB_TEXT          TEXT     the JSON text '1.0' would
 *                                     come back as the number 1)
 *   uuid          UUID_TEXT           TEXT    (2: must not be NUMERIC, or
 *                                     '1234e5...' would turn into a number)
 *   enum E        TEXT + CHECK        TEXT    (2), CHECK (col IN (...))
 *                                     named by the ck convention with
 *                                     %(name) = E (SQLAlchemy's habit)
 *
 * The date/time spellings are the ones SQLAlchemy writes, so existing
 * SQLite databases reflect to the same portable types.
 *
 * Keys.  autoincrement (and identity) need a rowid alias: the single-
 * column primary key, declared INTEGER (not BIGINT: only the exact type
 * name INTEGER makes an alias), written on the column itself as
 * `"id" INTEGER NOT NULL CONSTRAINT "pk_t" PRIMARY KEY AUTOINCREMENT`.
 * SQLite integers are 64-bit whatever the spelling, so a bigint key loses
 * nothing.
 */
#include <stddef.h>

#include "emit.h"
#include "emit_dialect.h"

/* clang-format off */
static const char *const sqlite_spellings[TYPE_ENUM + 1] = {
	[TYPE_SMALLINT] = "SMALLINT",
	[TYPE_INTEGER] = "INTEGER",
	[TYPE_BIGINT] = "BIGINT",
	[TYPE_REAL] = "REAL",
	[TYPE_DOUBLE] = "DOUBLE",
	[TYPE_NUMERIC] = "NUMERIC",
	[TYPE_BOOLEAN] = "BOOLEAN",
	[TYPE_TEXT] = "TEXT",
	[TYPE_VARCHAR] = "VARCHAR",
	[TYPE_CHAR] = "CHAR",
	[TYPE_DATE] = "DATE",
	[TYPE_TIME] = "TIME",
	[TYPE_TIMESTAMP] = "TIMESTAMP",
	[TYPE_TIMESTAMPTZ] = "TIMESTAMPTZ",
	[TYPE_INTERVAL] = "INTERVAL_TEXT",
	[TYPE_BLOB] = "BLOB",
	[TYPE_JSON] = "JSON_TEXT",
	[TYPE_JSONB] = "JSONB_TEXT",
	[TYPE_UUID] = "UUID_TEXT",
	[TYPE_ENUM] = "TEXT",
};
/* clang-format on */

static bool integer_kind(const struct type *t)
{
	return !t->array_dims &&
	       (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
	        t->kind == TYPE_BIGINT);
}

/* Does c get its values from the rowid (autoincrement or identity)? */
static bool wants_rowid(const struct column *c)
{
	return c->autoincrement || c->identity != IDENTITY_NONE;
}

static char *sqlite_column_type(struct session *s, const struct table *t,
                                const struct column *c)
{
	if (!wants_rowid(c))
		return emit_type(s, &c->type);
	if (emit_single_pk(t) != c || !integer_kind(&c->type)) {
		diag_error(s->diag, c->span,
		           "column \"%s\": SQLite can only %s a single-column "
		           "integer primary key",
		           c->name,
		           c->autoincrement ? "autoincrement" : "generate");
		return NULL;
	}
	return "INTEGER";
}

static const char *sqlite_identity_clause(const struct column *c)
{
	(void)c;
	return NULL;
}

static const char *sqlite_inline_primary_key(const struct table *t,
                                             const struct column *c)
{
	if (!wants_rowid(c) || emit_single_pk(t) != c ||
	    !integer_kind(&c->type))
		return NULL;
	/* AUTOINCREMENT never reuses a deleted key (sqlite_sequence);
	 * identity is the plain rowid alias */
	return c->autoincrement ? "AUTOINCREMENT" : "";
}

const struct dialect_ops emit_sqlite_ops = {
    .name = "sqlite",
    .type_spellings = sqlite_spellings,
    .column_type = sqlite_column_type,
    .identity_clause = sqlite_identity_clause,
    .inline_primary_key = sqlite_inline_primary_key,
    .native_enums = false,
    .schemas = false,
    .forward_fks = true,
    .index_method = false,
    .comments = false,
};
