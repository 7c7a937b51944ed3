-- retort upgrade head (postgresql)

CREATE TABLE "public"."retort_version" (version_num VARCHAR(255) NOT NULL, checksums TEXT, CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num));

-- upgrade <base> -> 5ca5e0000001, account and the type catalogue
BEGIN;
CREATE TYPE "Ticket State" AS ENUM ('open', 'in progress', 'it''s done');
CREATE TYPE "mood" AS ENUM ('sad', 'happy');
CREATE TABLE "account" (
  "id" serial NOT NULL,
  "code" character(8) NOT NULL,
  "name" character varying(100) NOT NULL,
  "nickname" character varying(50),
  "balance" numeric(12,2) NOT NULL DEFAULT 0,
  "ratio" double precision NOT NULL DEFAULT -1.5,
  "kind" character varying(10) NOT NULL DEFAULT 'personal',
  "verified" boolean NOT NULL DEFAULT false,
  "active" boolean NOT NULL DEFAULT true,
  "flagged" boolean DEFAULT null,
  "opened_on" date NOT NULL DEFAULT current_date,
  "created_at" timestamp without time zone NOT NULL DEFAULT current_timestamp,
  "score" integer NOT NULL DEFAULT (6 * 7),
  "parent_id" integer,
  CONSTRAINT "pk_account" PRIMARY KEY ("id"),
  CONSTRAINT "uq_account_code" UNIQUE ("code"),
  CONSTRAINT "ck_account_balance" CHECK (balance >= -1000),
  CONSTRAINT "ck_account_code" CHECK (code = upper(code)),
  CONSTRAINT "fk_account_parent_id_account" FOREIGN KEY ("parent_id") REFERENCES "account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
COMMENT ON TABLE "account" IS 'Every column clause in one table';
COMMENT ON COLUMN "account"."parent_id" IS 'the parent account: a self-reference';
CREATE INDEX "ix_account_parent_id" ON "account" ("parent_id");
CREATE UNIQUE INDEX "uq_accounts_nickname" ON "account" ("nickname") WHERE (nickname is not null);
CREATE TABLE "aliases" (
  "id" integer NOT NULL,
  "flag" boolean,
  "small" smallint,
  "big" bigint,
  "ratio" double precision,
  "approx" double precision,
  "price" numeric(8,2),
  "name" character varying(40),
  "code" character(2),
  "at_local" timestamp without time zone,
  "at_utc" timestamp with time zone,
  "at_time" time without time zone,
  "raw" bytea,
  CONSTRAINT "pk_aliases" PRIMARY KEY ("id")
);
CREATE TABLE "all_types" (
  "id" integer NOT NULL,
  "c_smallint" smallint,
  "c_integer" integer,
  "c_bigint" bigint,
  "c_real" real,
  "c_double" double precision,
  "c_numeric" numeric(12,2),
  "c_boolean" boolean,
  "c_text" text,
  "c_varchar" character varying(100),
  "c_char" character(3),
  "c_date" date,
  "c_time" time without time zone,
  "c_timestamp" timestamp without time zone,
  "c_timestamptz" timestamp with time zone,
  "c_interval" interval,
  "c_blob" bytea,
  "c_json" json,
  "c_jsonb" jsonb,
  "c_uuid" uuid,
  "c_enum" "mood",
  "c_numeric_any" numeric,
  "c_numeric_p" numeric(10),
  "c_varchar_any" character varying,
  "c_time_ms" time(3) without time zone,
  "c_stamp_ms" timestamp(3) with time zone,
  "c_quoted_enum" "Ticket State",
  CONSTRAINT "pk_all_types" PRIMARY KEY ("id")
);
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000001', '5ca5e0000001:e5b231cb8c60f9ad');
COMMIT;

-- upgrade 5ca5e0000001 -> 5ca5e0000002, rename account to accounts, name to display_name
BEGIN;
ALTER TABLE "account" RENAME TO "accounts";
ALTER TABLE "accounts" RENAME COLUMN "name" TO "display_name";
ALTER TABLE "accounts" RENAME CONSTRAINT "pk_account" TO "pk_accounts";
ALTER TABLE "accounts" RENAME CONSTRAINT "uq_account_code" TO "uq_accounts_code";
ALTER TABLE "accounts" RENAME CONSTRAINT "ck_account_balance" TO "ck_accounts_balance";
ALTER TABLE "accounts" RENAME CONSTRAINT "ck_account_code" TO "ck_accounts_code";
ALTER TABLE "accounts" RENAME CONSTRAINT "fk_account_parent_id_account" TO "fk_accounts_parent_id_accounts";
ALTER INDEX "ix_account_parent_id" RENAME TO "ix_accounts_parent_id";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000002', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a');
COMMIT;

-- upgrade 5ca5e0000002 -> 5ca5e0000003, orders and staff
BEGIN;
CREATE TABLE "Order" (
  "Order ID" bigint NOT NULL,
  "account_id" integer NOT NULL,
  "account_code" character(8),
  "quantity" integer NOT NULL,
  "unit_price" numeric(10,2) NOT NULL,
  "select" text,
  "placed_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_Order" PRIMARY KEY ("Order ID"),
  CONSTRAINT "ck_Order_quantity" CHECK (quantity > 0),
  CONSTRAINT "fk_Order_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_Order_account_code_accounts" FOREIGN KEY ("account_code") REFERENCES "accounts" ("code") ON UPDATE CASCADE
);
COMMENT ON TABLE "Order" IS 'Orders: the table name is a reserved word in SQL';
CREATE INDEX "ix_Order_account_code" ON "Order" ("account_code");
CREATE INDEX "ix_Order_account_id_placed_at" ON "Order" ("account_id", "placed_at" DESC);
CREATE TABLE "departments" (
  "id" integer NOT NULL,
  "region" character(2) NOT NULL,
  "name" character varying(100) NOT NULL,
  "manager_id" integer,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP'))
);
CREATE INDEX "ix_departments_manager_id" ON "departments" ("manager_id");
CREATE TABLE "employees" (
  "id" integer NOT NULL,
  "department_region" character(2) NOT NULL DEFAULT 'EU',
  "department_id" integer,
  "manager_id" integer,
  "email" character varying(255),
  "hired_on" date NOT NULL,
  "left_on" date,
  "salary" numeric(10,2) DEFAULT 0,
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
  "id" integer NOT NULL,
  "title" text NOT NULL,
  "state" "Ticket State" NOT NULL DEFAULT 'open',
  "mood" "mood",
  "Assignee" integer,
  "opened_at" timestamp without time zone NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_tickets" PRIMARY KEY ("id"),
  CONSTRAINT "uq_tickets_title" UNIQUE ("title"),
  CONSTRAINT "fk_tickets_Assignee_employees" FOREIGN KEY ("Assignee") REFERENCES "employees" ("id") ON DELETE NO ACTION
);
CREATE INDEX "ix_tickets_Assignee" ON "tickets" ("Assignee");
CREATE INDEX "ix_tickets_state_opened_at" ON "tickets" ("state", "opened_at" DESC);
ALTER TABLE "departments" ADD CONSTRAINT "fk_departments_manager" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000003', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40');
COMMIT;

-- upgrade 5ca5e0000003 -> 5ca5e0000004, views, order totals, mood ok, employee email required
ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';
BEGIN;
DROP INDEX "ix_employees_hired_on";
-- warning: alter column employees.email set not null: fails if existing rows hold null (the column has no default)
ALTER TABLE "employees" ALTER COLUMN "email" SET NOT NULL;
ALTER TABLE "Order" ADD COLUMN "total" numeric(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED;
CREATE VIEW "Order Totals" AS select account_id, count(*) as orders, sum(total) as total from "Order" group by account_id;
CREATE VIEW "open_tickets" AS 
  select t.id, t.title, e.email as assignee_email
  from tickets t left join employees e on e.id = t."Assignee"
  where t.state = 'open';
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca5e0000004', '5ca5e0000001:e5b231cb8c60f9ad 5ca5e0000002:4a444f3786bea14a 5ca5e0000003:f235707028557a40 5ca5e0000004:d40a87fe03bf56c6');
COMMIT;

