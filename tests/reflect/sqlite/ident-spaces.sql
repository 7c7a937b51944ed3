-- Identifiers with spaces.
CREATE TABLE "order lines" (
	"line id" INTEGER PRIMARY KEY,
	"unit price" NUMERIC(10, 2) NOT NULL CHECK ("unit price" >= 0),
	" leading" TEXT,
	"trailing " TEXT
);
CREATE INDEX "ix order lines price" ON "order lines" ("unit price");
CREATE VIEW "cheap lines" AS SELECT "line id" FROM "order lines" WHERE "unit price" < 1;
