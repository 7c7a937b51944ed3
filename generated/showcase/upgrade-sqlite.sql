-- retort upgrade head (sqlite)

CREATE TABLE "retort_version" (version_num VARCHAR(255) NOT NULL, checksums TEXT, CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num));

-- upgrade <base> -> 5ca5e0000001, account and the type catalogue
BEGIN;
CREATE TABLE "account" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_account" PRIMARY KEY AUTOINCREMENT,
  "code" CHAR(8) NOT NULL,
  "name" VARCHAR(100) NOT NULL,
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
  CONSTRAINT "fk_account_parent_id_account" FOREIGN KEY ("parent_id") REFERENCES "account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "ix_account_parent_id" ON "account" ("parent_id");
CREATE UNIQUE INDEX "uq_accounts_nickname" ON "account" ("nickname") WHERE (nickname is not null);
CREATE TABLE "aliases" (
  "id" INTEGER NOT NULL,
  "flag" BOOLEAN,
  "small" SMALLINT,
  "big" BIGINT,
  "ratio" DOUBLE,
  "approx" DOUBLE,
  "price" NUMERIC(8,2),
  "name" VARCHAR(40),
  "code" CHAR(2),
  "at_local" TIMESTAMP,
  "at_utc" TIMESTAMPTZ,
  "at_time" TIME,
  "raw" BLOB,
  CONSTRAINT "pk_aliases" PRIMARY KEY ("id")
);
CREATE TABLE "all_types" (
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
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000001', '5ca5e0000001:e5b231cb8c60f9ad');
COMMIT;

-- upgrade 5ca5e0000001 -> 5ca5e0000002, rename account to accounts, name to display_name
PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE "account" RENAME TO "accounts";
ALTER TABLE "accounts" RENAME COLUMN "name" TO "display_name";
CREATE TABLE "_retort_new_accounts" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_accounts" PRIMARY KEY AUTOINCREMENT,
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
  CONSTRAINT "uq_accounts_code" UNIQUE ("code"),
  CONSTRAINT "ck_accounts_balance" CHECK (balance >= -1000),
  CONSTRAINT "ck_accounts_code" CHECK (code = upper(code)),
  CONSTRAINT "fk_accounts_parent_id_accounts" FOREIGN KEY ("parent_id") REFERENCES "accounts" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "_retort_new_accounts" ("id", "code", "display_name", "nickname", "balance", "ratio", "kind", "verified", "active", "flagged", "opened_on", "created_at", "score", "parent_id") SELECT "id", "code", "display_name", "nickname", "balance", "ratio", "kind", "verified", "active", "flagged", "opened_on", "created_at", "score", "parent_id" FROM "accounts";
DROP TABLE "accounts";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_accounts" RENAME TO "accounts";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_account_parent_id" ON "accounts" ("parent_id");
CREATE UNIQUE INDEX "uq_accounts_nickname" ON "accounts" ("nickname") WHERE (nickname is not null);
DROP INDEX "ix_account_parent_id";
CREATE INDEX "ix_accounts_parent_id" ON "accounts" ("parent_id");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000002', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- upgrade 5ca5e0000002 -> 5ca5e0000003, orders and staff
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE "Order" (
  "Order ID" BIGINT NOT NULL,
  "account_id" INTEGER NOT NULL,
  "account_code" CHAR(8),
  "quantity" INTEGER NOT NULL,
  "unit_price" NUMERIC(10,2) NOT NULL,
  "select" TEXT,
  "placed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_Order" PRIMARY KEY ("Order ID"),
  CONSTRAINT "ck_Order_quantity" CHECK (quantity > 0),
  CONSTRAINT "fk_Order_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_Order_account_code_accounts" FOREIGN KEY ("account_code") REFERENCES "accounts" ("code") ON UPDATE CASCADE
);
CREATE INDEX "ix_Order_account_code" ON "Order" ("account_code");
CREATE INDEX "ix_Order_account_id_placed_at" ON "Order" ("account_id", "placed_at" DESC);
CREATE TABLE "departments" (
  "id" INTEGER NOT NULL,
  "region" CHAR(2) NOT NULL,
  "name" VARCHAR(100) NOT NULL,
  "manager_id" INTEGER,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP'))
);
CREATE INDEX "ix_departments_manager_id" ON "departments" ("manager_id");
CREATE TABLE "employees" (
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
  CONSTRAINT "fk_employees_manager_id_employees" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE RESTRICT,
  CONSTRAINT "fk_employees_department_region_department_id_departments" FOREIGN KEY ("department_region", "department_id") REFERENCES "departments" ("region", "id") ON DELETE SET DEFAULT ON UPDATE NO ACTION DEFERRABLE
);
CREATE INDEX "ix_employees_department" ON "employees" ("department_region", "department_id" DESC);
CREATE INDEX "ix_employees_hired_on" ON "employees" ("hired_on");
CREATE UNIQUE INDEX "ix_employees_lower_email" ON "employees" (lower(email));
CREATE INDEX "ix_employees_manager_id" ON "employees" ("manager_id");
CREATE INDEX "ix_employees_yearly_salary" ON "employees" ((salary * 12)) WHERE (left_on is null);
CREATE TABLE "tickets" (
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
CREATE INDEX "ix_tickets_Assignee" ON "tickets" ("Assignee");
CREATE INDEX "ix_tickets_state_opened_at" ON "tickets" ("state", "opened_at" DESC);
CREATE TABLE "_retort_new_departments" (
  "id" INTEGER NOT NULL,
  "region" CHAR(2) NOT NULL,
  "name" VARCHAR(100) NOT NULL,
  "manager_id" INTEGER,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP')),
  CONSTRAINT "fk_departments_manager" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "_retort_new_departments" ("id", "region", "name", "manager_id") SELECT "id", "region", "name", "manager_id" FROM "departments";
DROP TABLE "departments";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_departments" RENAME TO "departments";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_departments_manager_id" ON "departments" ("manager_id");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000003', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- upgrade 5ca5e0000003 -> 5ca5e0000004, views, order totals, mood ok, employee email required
PRAGMA foreign_keys = OFF;
BEGIN;
DROP INDEX "ix_employees_hired_on";
-- warning: alter column employees.email set not null: fails if existing rows hold null (the column has no default)
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
  CONSTRAINT "ck_all_types_mood" CHECK ("c_enum" IN ('sad', 'ok', 'happy')),
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
  CONSTRAINT "ck_tickets_mood" CHECK ("mood" IN ('sad', 'ok', 'happy')),
  CONSTRAINT "fk_tickets_Assignee_employees" FOREIGN KEY ("Assignee") REFERENCES "employees" ("id") ON DELETE NO ACTION
);
INSERT INTO "_retort_new_tickets" ("id", "title", "state", "mood", "Assignee", "opened_at") SELECT "id", "title", "state", "mood", "Assignee", "opened_at" FROM "tickets";
DROP TABLE "tickets";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_tickets" RENAME TO "tickets";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_tickets_Assignee" ON "tickets" ("Assignee");
CREATE INDEX "ix_tickets_state_opened_at" ON "tickets" ("state", "opened_at" DESC);
CREATE TABLE "_retort_new_employees" (
  "id" INTEGER NOT NULL,
  "department_region" CHAR(2) NOT NULL DEFAULT 'EU',
  "department_id" INTEGER,
  "manager_id" INTEGER,
  "email" VARCHAR(255) NOT NULL,
  "hired_on" DATE NOT NULL,
  "left_on" DATE,
  "salary" NUMERIC(10,2) DEFAULT 0,
  CONSTRAINT "pk_employees" PRIMARY KEY ("id"),
  CONSTRAINT "ck_employees_hired_on_left_on" CHECK (left_on is null or left_on >= hired_on),
  CONSTRAINT "fk_employees_manager_id_employees" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE RESTRICT,
  CONSTRAINT "fk_employees_department_region_department_id_departments" FOREIGN KEY ("department_region", "department_id") REFERENCES "departments" ("region", "id") ON DELETE SET DEFAULT ON UPDATE NO ACTION DEFERRABLE
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
CREATE TABLE "_retort_new_Order" (
  "Order ID" BIGINT NOT NULL,
  "account_id" INTEGER NOT NULL,
  "account_code" CHAR(8),
  "quantity" INTEGER NOT NULL,
  "unit_price" NUMERIC(10,2) NOT NULL,
  "select" TEXT,
  "placed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "total" NUMERIC(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
  CONSTRAINT "pk_Order" PRIMARY KEY ("Order ID"),
  CONSTRAINT "ck_Order_quantity" CHECK (quantity > 0),
  CONSTRAINT "fk_Order_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_Order_account_code_accounts" FOREIGN KEY ("account_code") REFERENCES "accounts" ("code") ON UPDATE CASCADE
);
INSERT INTO "_retort_new_Order" ("Order ID", "account_id", "account_code", "quantity", "unit_price", "select", "placed_at") SELECT "Order ID", "account_id", "account_code", "quantity", "unit_price", "select", "placed_at" FROM "Order";
DROP TABLE "Order";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_Order" RENAME TO "Order";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_Order_account_code" ON "Order" ("account_code");
CREATE INDEX "ix_Order_account_id_placed_at" ON "Order" ("account_id", "placed_at" DESC);
CREATE VIEW "Order Totals" AS select account_id, count(*) as orders, sum(total) as total from "Order" group by account_id;
CREATE VIEW "open_tickets" AS 
  select t.id, t.title, e.email as assignee_email
  from tickets t left join employees e on e.id = t."Assignee"
  where t.state = 'open';
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('5ca5e0000004', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40 5ca5e0000004:d40a87fe03bf56c6');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

