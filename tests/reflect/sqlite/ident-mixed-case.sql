-- Mixed-case identifiers, quoted and not (SQLite keeps the written case).
CREATE TABLE "UserAccount" (
	"UserId" INTEGER PRIMARY KEY,
	"EmailAddress" TEXT NOT NULL,
	CreatedAt TIMESTAMP
);
CREATE TABLE Orders (
	OrderId INTEGER PRIMARY KEY,
	"UserId" INTEGER REFERENCES "UserAccount" ("UserId")
);
CREATE INDEX "IX_UserAccount_Email" ON "UserAccount" ("EmailAddress");
