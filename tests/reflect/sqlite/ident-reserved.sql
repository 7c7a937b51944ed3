-- Reserved words as table, column, index and view names.
CREATE TABLE "order" (
	"select" INTEGER PRIMARY KEY,
	"from" TEXT NOT NULL,
	"group" INTEGER,
	"where" TEXT DEFAULT 'x',
	"table" INTEGER REFERENCES "order" ("select")
);
CREATE INDEX "index" ON "order" ("group", "from");
CREATE TABLE "check" ("default" INTEGER, "primary" TEXT UNIQUE);
CREATE VIEW "view" AS SELECT "select", "from" FROM "order";
