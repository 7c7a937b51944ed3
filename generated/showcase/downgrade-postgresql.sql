-- retort downgrade head:base (postgresql)

-- downgrade 5ca5e0000004 -> 5ca5e0000003, views, order totals, mood ok, employee email required
BEGIN;
DROP VIEW "open_tickets";
DROP VIEW "Order Totals";
-- warning: enum mood: value 'ok' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
ALTER TYPE "mood" RENAME TO "mood_old";
CREATE TYPE "mood" AS ENUM ('sad', 'happy');
ALTER TABLE "all_types" ALTER COLUMN "c_enum" TYPE "mood" USING ("c_enum"::text::"mood");
ALTER TABLE "tickets" ALTER COLUMN "mood" TYPE "mood" USING ("mood"::text::"mood");
-- warning: drop column "Order".total: destructive, its values are lost
ALTER TABLE "Order" DROP COLUMN "total";
ALTER TABLE "employees" ALTER COLUMN "email" DROP NOT NULL;
DROP TYPE "mood_old";
CREATE INDEX "ix_employees_hired_on" ON "employees" ("hired_on");
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000003', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40');
COMMIT;

-- downgrade 5ca5e0000003 -> 5ca5e0000002, orders and staff
BEGIN;
ALTER TABLE "departments" DROP CONSTRAINT "fk_departments_manager";
-- warning: drop table tickets: destructive, its rows are lost
DROP TABLE "tickets";
-- warning: drop table employees: destructive, its rows are lost
DROP TABLE "employees";
-- warning: drop table departments: destructive, its rows are lost
DROP TABLE "departments";
-- warning: drop table "Order": destructive, its rows are lost
DROP TABLE "Order";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000002', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a');
COMMIT;

-- downgrade 5ca5e0000002 -> 5ca5e0000001, rename account to accounts, name to display_name
BEGIN;
ALTER INDEX "ix_accounts_parent_id" RENAME TO "ix_account_parent_id";
ALTER TABLE "accounts" RENAME CONSTRAINT "fk_accounts_parent_id_accounts" TO "fk_account_parent_id_account";
ALTER TABLE "accounts" RENAME CONSTRAINT "ck_accounts_code" TO "ck_account_code";
ALTER TABLE "accounts" RENAME CONSTRAINT "ck_accounts_balance" TO "ck_account_balance";
ALTER TABLE "accounts" RENAME CONSTRAINT "uq_accounts_code" TO "uq_account_code";
ALTER TABLE "accounts" RENAME CONSTRAINT "pk_accounts" TO "pk_account";
ALTER TABLE "accounts" RENAME COLUMN "display_name" TO "name";
ALTER TABLE "accounts" RENAME TO "account";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000001', '5ca5e0000001:e5b231cb8c60f9ad');
COMMIT;

-- downgrade 5ca5e0000001 -> <base>, account and the type catalogue
-- warning: drop table all_types: destructive, its rows are lost
BEGIN;
DROP TABLE "all_types";
-- warning: drop table aliases: destructive, its rows are lost
DROP TABLE "aliases";
-- warning: drop table account: destructive, its rows are lost
DROP TABLE "account";
DROP TYPE "mood";
DROP TYPE "Ticket State";
DELETE FROM "public"."retort_version";
COMMIT;

