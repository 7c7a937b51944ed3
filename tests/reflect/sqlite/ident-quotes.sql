-- Identifiers with embedded double quotes, and other quoting styles.
CREATE TABLE "it""s" (
	"a""b" INTEGER PRIMARY KEY,
	[bracketed col] TEXT,
	`back ticked` TEXT DEFAULT 'x''y',
	'single quoted' INTEGER
);
CREATE INDEX "ix ""q""" ON "it""s" ("a""b", [bracketed col]);
