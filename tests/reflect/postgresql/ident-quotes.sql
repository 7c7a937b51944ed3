-- Identifiers with embedded double quotes and single quotes.
CREATE TABLE "it""s" (
	"a""b" integer PRIMARY KEY,
	"it's" text DEFAULT 'x''y',
	"""" integer
);
CREATE INDEX "ix ""q""" ON "it""s" ("a""b", "it's");
CREATE TYPE "e""q" AS ENUM ('a''b', 'c"d');
CREATE TABLE "uses ""e""" (v "e""q");
