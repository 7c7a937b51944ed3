-- retort downgrade head:base (sqlite)

-- downgrade 5ca5e0000004 -> 5ca5e0000003, views, order totals, mood ok, employee email required
PRAGMA foreign_keys = OFF;
BEGIN;
DROP VIEW "open_tickets";
DROP VIEW "Order Totals";
-- warning: enum mood: value 'ok' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
-- warning: drop column "Order".total: destructive, its values are lost
CREATE TABLE "_retort_new_all_types" (
  "id" INTEGER NOT NULL,
  "c_smallint" SMALLINT,
  "c_integer" INTEGER,
  "c_bigint" BIGINT,
  "c_real" REAL,
  "c_double" DOUBLE,
  "c_numeric" NUMERIC(12,2),
  "c_boolean" BOOLEAN,
  "c_text" TEXT,
  "c_varchar" VARCHAR(100),
  "c_char" CHAR(3),
  "c_date" DATE,
  "c_time" TIME,
  "c_timestamp" TIMESTAMP,
  "c_timestamptz" TIMESTAMPTZ,
  "c_interval" INTERVAL_TEXT,
  "c_blob" BLOB,
  "c_json" JSON_TEXT,
  "c_jsonb" JSONB_TEXT,
  "c_uuid" UUID_TEXT,
  "c_enum" TEXT,
  "c_numeric_any" NUMERIC,
  "c_numeric_p" NUMERIC(10),
  "c_varchar_any" VARCHAR,
  "c_time_ms" TIME(3),
  "c_stamp_ms" TIMESTAMPTZ(3),
  "c_quoted_enum" TEXT,
  CONSTRAINT "pk_all_types" PRIMARY KEY ("id"),
  CONSTRAINT "ck_all_types_mood" CHECK ("c_enum" IN ('sad', 'happy')),
  CONSTRAINT "ck_all_types_Ticket State" CHECK ("c_quoted_enum" IN ('open', 'in progress', 'it''s done'))
);
INSERT INTO "_retort_new_all_types" ("id", "c_smallint", "c_integer", "c_bigint", "c_real", "c_double", "c_numeric", "c_boolean", "c_text", "c_varchar", "c_char", "c_date", "c_time", "c_timestamp", "c_timestamptz", "c_interval", "c_blob", "c_json", "c_jsonb", "c_uuid", "c_enum", "c_numeric_any", "c_numeric_p", "c_varchar_any", "c_time_ms", "c_stamp_ms", "c_quoted_enum") SELECT "id", "c_smallint", "c_integer", "c_bigint", "c_real", "c_double", "c_numeric", "c_boolean", "c_text", "c_varchar", "c_char", "c_date", "c_time", "c_timestamp", "c_timestamptz", "c_interval", "c_blob", "c_json", "c_jsonb", "c_uuid", "c_enum", "c_numeric_any", "c_numeric_p", "c_varchar_any", "c_time_ms", "c_stamp_ms", "c_quoted_enum" FROM "all_types";
DROP TABLE "all_types";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_all_types" RENAME TO "all_types";
PRAGMA legacy_alter_table = OFF;
CREATE TABLE "_retort_new_tickets" (
  "id" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
  "state" TEXT NOT NULL DEFAULT 'open',
  "mood" TEXT,
  "Assignee" INTEGER,
  "opened_at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_tickets" PRIMARY KEY ("id"),
  CONSTRAINT "uq_tickets_title" UNIQUE ("title"),
  CONSTRAINT "ck_tickets_Ticket State" CHECK ("state" IN ('open', 'in progress', 'it''s done')),
  CONSTRAINT "ck_tickets_mood" CHECK ("mood" IN ('sad', 'happy')),
  CONSTRAINT "fk_tickets_Assignee_employees" FOREIGN KEY ("Assignee") REFERENCES "employees" ("id") ON DELETE NO ACTION
);
INSERT INTO "_retort_new_tickets" ("id", "title", "state", "mood", "Assignee", "opened_at") SELECT "id", "title", "state", "mood", "Assignee", "opened_at" FROM "tickets";
DROP TABLE "tickets";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_tickets" RENAME TO "tickets";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_tickets_Assignee" ON "tickets" ("Assignee");
CREATE INDEX "ix_tickets_state_opened_at" ON "tickets" ("state", "opened_at" DESC);
ALTER TABLE "Order" DROP COLUMN "total";
CREATE TABLE "_retort_new_employees" (
  "id" INTEGER NOT NULL,
  "department_region" CHAR(2) NOT NULL DEFAULT 'EU',
  "department_id" INTEGER,
  "manager_id" INTEGER,
  "email" VARCHAR(255),
  "hired_on" DATE NOT NULL,
  "left_on" DATE,
  "salary" NUMERIC(10,2) DEFAULT 0,
  CONSTRAINT "pk_employees" PRIMARY KEY ("id"),
  CONSTRAINT "ck_employees_hired_on_left_on" CHECK (left_on is null or left_on >= hired_on),
  CONSTRAINT "fk_employees_department_region_department_id_departments" FOREIGN KEY ("department_region", "department_id") REFERENCES "departments" ("region", "id") ON DELETE SET DEFAULT ON UPDATE NO ACTION DEFERRABLE,
  CONSTRAINT "fk_employees_manager_id_employees" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE RESTRICT
);
INSERT INTO "_retort_new_employees" ("id", "department_region", "department_id", "manager_id", "email", "hired_on", "left_on", "salary") SELECT "id", "department_region", "department_id", "manager_id", "email", "hired_on", "left_on", "salary" FROM "employees";
DROP TABLE "employees";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_employees" RENAME TO "employees";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_employees_department" ON "employees" ("department_region", "department_id" DESC);
CREATE UNIQUE INDEX "ix_employees_lower_email" ON "employees" (lower(email));
CREATE INDEX "ix_employees_manager_id" ON "employees" ("manager_id");
CREATE INDEX "ix_employees_yearly_salary" ON "employees" ((salary * 12)) WHERE (left_on is null);
CREATE INDEX "ix_employees_hired_on" ON "employees" ("hired_on");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000003', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 5ca5e0000003 -> 5ca5e0000002, orders and staff
PRAGMA foreign_keys = OFF;
-- warning: drop table tickets: destructive, its rows are lost
BEGIN;
CREATE TABLE "_retort_new_departments" (
  "id" INTEGER NOT NULL,
  "region" CHAR(2) NOT NULL,
  "name" VARCHAR(100) NOT NULL,
  "manager_id" INTEGER,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP'))
);
INSERT INTO "_retort_new_departments" ("id", "region", "name", "manager_id") SELECT "id", "region", "name", "manager_id" FROM "departments";
DROP TABLE "departments";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_departments" RENAME TO "departments";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_departments_manager_id" ON "departments" ("manager_id");
DROP TABLE "tickets";
-- warning: drop table employees: destructive, its rows are lost
DROP TABLE "employees";
-- warning: drop table departments: destructive, its rows are lost
DROP TABLE "departments";
-- warning: drop table "Order": destructive, its rows are lost
DROP TABLE "Order";
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000002', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 5ca5e0000002 -> 5ca5e0000001, rename account to accounts, name to display_name
PRAGMA foreign_keys = OFF;
BEGIN;
DROP INDEX "ix_accounts_parent_id";
CREATE INDEX "ix_account_parent_id" ON "accounts" ("parent_id");
CREATE TABLE "_retort_new_accounts" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_account" PRIMARY KEY AUTOINCREMENT,
  "code" CHAR(8) NOT NULL,
  "display_name" VARCHAR(100) NOT NULL,
  "nickname" VARCHAR(50),
  "balance" NUMERIC(12,2) NOT NULL DEFAULT 0,
  "ratio" DOUBLE NOT NULL DEFAULT -1.5,
  "kind" VARCHAR(10) NOT NULL DEFAULT 'personal',
  "verified" BOOLEAN NOT NULL DEFAULT false,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "flagged" BOOLEAN DEFAULT null,
  "opened_on" DATE NOT NULL DEFAULT current_date,
  "created_at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "score" INTEGER NOT NULL DEFAULT (6 * 7),
  "parent_id" INTEGER,
  CONSTRAINT "uq_account_code" UNIQUE ("code"),
  CONSTRAINT "ck_account_balance" CHECK (balance >= -1000),
  CONSTRAINT "ck_account_code" CHECK (code = upper(code)),
  CONSTRAINT "fk_account_parent_id_account" FOREIGN KEY ("parent_id") REFERENCES "accounts" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "_retort_new_accounts" ("id", "code", "display_name", "nickname", "balance", "ratio", "kind", "verified", "active", "flagged", "opened_on", "created_at", "score", "parent_id") SELECT "id", "code", "display_name", "nickname", "balance", "ratio", "kind", "verified", "active", "flagged", "opened_on", "created_at", "score", "parent_id" FROM "accounts";
DROP TABLE "accounts";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_accounts" RENAME TO "accounts";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_account_parent_id" ON "accounts" ("parent_id");
CREATE UNIQUE INDEX "uq_accounts_nickname" ON "accounts" ("nickname") WHERE (nickname is not null);
ALTER TABLE "accounts" RENAME COLUMN "display_name" TO "name";
ALTER TABLE "accounts" RENAME TO "account";
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000001', '5ca5e0000001:e5b231cb8c60f9ad');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 5ca5e0000001 -> <base>, account and the type catalogue
PRAGMA foreign_keys = OFF;
-- warning: drop table all_types: destructive, its rows are lost
BEGIN;
DROP TABLE "all_types";
-- warning: drop table aliases: destructive, its rows are lost
DROP TABLE "aliases";
-- warning: drop table account: destructive, its rows are lost
DROP TABLE "account";
DELETE FROM "retort_version";
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

