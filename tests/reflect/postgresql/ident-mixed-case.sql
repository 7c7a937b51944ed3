-- Mixed-case identifiers (quoted keeps the case, unquoted folds).
CREATE TABLE "UserAccount" (
	"UserId" integer PRIMARY KEY,
	"EmailAddress" text NOT NULL,
	CreatedAt timestamptz
);
CREATE TABLE Orders (
	OrderId integer PRIMARY KEY,
	"UserId" integer REFERENCES "UserAccount" ("UserId")
);
CREATE INDEX "IX_UserAccount_Email" ON "UserAccount" ("EmailAddress");
CREATE TYPE "Color" AS ENUM ('Red', 'GREEN', 'blue');
CREATE TABLE "Paint" ("C" "Color" NOT NULL DEFAULT 'Red');
