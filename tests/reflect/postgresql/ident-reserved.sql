-- Reserved words as table, column, constraint, index and view names.
CREATE TABLE "order" (
	"select" integer PRIMARY KEY,
	"from" text NOT NULL,
	"group" integer,
	"where" text DEFAULT 'x',
	"table" integer REFERENCES "order" ("select"),
	"user" text,
	CONSTRAINT "check" CHECK ("group" > 0)
);
CREATE INDEX "index" ON "order" ("group", "from");
CREATE TABLE "check" ("default" integer, "primary" text UNIQUE);
CREATE VIEW "view" AS SELECT "select", "from" FROM "order";
