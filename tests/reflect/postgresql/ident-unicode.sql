-- Unicode identifiers and strings.
CREATE TABLE "café" (
	"numéro" integer PRIMARY KEY,
	"名前" text NOT NULL DEFAULT 'ünïcödé',
	"Ελληνικά" text CHECK ("Ελληνικά" <> '☃')
);
CREATE INDEX "ix_café_名前" ON "café" ("名前");
CREATE TABLE "emoji🎉" ("id🔑" integer PRIMARY KEY, "ref" integer REFERENCES "café" ("numéro"));
CREATE TYPE "état" AS ENUM ('prêt', 'fini');
CREATE TABLE tâches (id serial PRIMARY KEY, e "état");
