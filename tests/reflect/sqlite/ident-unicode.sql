-- Unicode identifiers and strings.
CREATE TABLE "café" (
	"numéro" INTEGER PRIMARY KEY,
	"名前" TEXT NOT NULL DEFAULT 'ünïcödé',
	"Ελληνικά" TEXT CHECK ("Ελληνικά" <> '☃')
);
CREATE INDEX "ix_café_名前" ON "café" ("名前");
CREATE TABLE "emoji🎉" ("id🔑" INTEGER PRIMARY KEY, "ref" INTEGER REFERENCES "café" ("numéro"));
