-- Identifiers with spaces.
CREATE TABLE "order lines" (
	"line id" integer PRIMARY KEY,
	"unit price" numeric(10, 2) NOT NULL CHECK ("unit price" >= 0),
	" leading" text,
	"trailing " text
);
CREATE INDEX "ix order lines price" ON "order lines" ("unit price");
CREATE VIEW "cheap lines" AS SELECT "line id" FROM "order lines" WHERE "unit price" < 1;
COMMENT ON COLUMN "order lines"."unit price" IS 'per unit';
