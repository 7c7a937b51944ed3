CREATE TYPE "Ticket State" AS ENUM ('open', 'in progress', 'it''s done');
CREATE TYPE "mood" AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE "accounts" (
  "id" serial NOT NULL,
  "code" character(8) NOT NULL,
  "display_name" character varying(100) NOT NULL,
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
  CONSTRAINT "pk_accounts" PRIMARY KEY ("id"),
  CONSTRAINT "uq_accounts_code" UNIQUE ("code"),
  CONSTRAINT "ck_accounts_balance" CHECK (balance >= -1000),
  CONSTRAINT "ck_accounts_code" CHECK (code = upper(code)),
  CONSTRAINT "fk_accounts_parent_id_accounts" FOREIGN KEY ("parent_id") REFERENCES "accounts" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE TABLE "Order" (
  "Order ID" bigint NOT NULL,
  "account_id" integer NOT NULL,
  "account_code" character(8),
  "quantity" integer NOT NULL,
  "unit_price" numeric(10,2) NOT NULL,
  "total" numeric(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
  "select" text,
  "placed_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_Order" PRIMARY KEY ("Order ID"),
  CONSTRAINT "ck_Order_quantity" CHECK (quantity > 0),
  CONSTRAINT "fk_Order_account_code_accounts" FOREIGN KEY ("account_code") REFERENCES "accounts" ("code") ON UPDATE CASCADE,
  CONSTRAINT "fk_Order_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE
);
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
CREATE TABLE "departments" (
  "id" integer NOT NULL,
  "region" character(2) NOT NULL,
  "name" character varying(100) NOT NULL,
  "manager_id" integer,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP'))
);
CREATE TABLE "employees" (
  "id" integer NOT NULL,
  "department_region" character(2) NOT NULL DEFAULT 'EU',
  "department_id" integer,
  "manager_id" integer,
  "email" character varying(255) NOT NULL,
  "hired_on" date NOT NULL,
  "left_on" date,
  "salary" numeric(10,2) DEFAULT 0,
  CONSTRAINT "pk_employees" PRIMARY KEY ("id"),
  CONSTRAINT "ck_employees_hired_on_left_on" CHECK (left_on is null or left_on >= hired_on),
  CONSTRAINT "fk_employees_department_region_department_id_departments" FOREIGN KEY ("department_region", "department_id") REFERENCES "departments" ("region", "id") ON DELETE SET DEFAULT ON UPDATE NO ACTION DEFERRABLE,
  CONSTRAINT "fk_employees_manager_id_employees" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE RESTRICT
);
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
ALTER TABLE "departments" ADD CONSTRAINT "fk_departments_manager" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "ix_Order_account_code" ON "Order" ("account_code");
CREATE INDEX "ix_Order_account_id_placed_at" ON "Order" ("account_id", "placed_at" DESC);
CREATE INDEX "ix_accounts_parent_id" ON "accounts" ("parent_id");
CREATE UNIQUE INDEX "uq_accounts_nickname" ON "accounts" ("nickname") WHERE (nickname is not null);
CREATE INDEX "ix_departments_manager_id" ON "departments" ("manager_id");
CREATE INDEX "ix_employees_department" ON "employees" ("department_region", "department_id" DESC);
CREATE UNIQUE INDEX "ix_employees_lower_email" ON "employees" (lower(email));
CREATE INDEX "ix_employees_manager_id" ON "employees" ("manager_id");
CREATE INDEX "ix_employees_yearly_salary" ON "employees" ((salary * 12)) WHERE (left_on is null);
CREATE INDEX "ix_tickets_Assignee" ON "tickets" ("Assignee");
CREATE INDEX "ix_tickets_state_opened_at" ON "tickets" ("state", "opened_at" DESC);
CREATE VIEW "Order Totals" AS select account_id, count(*) as orders, sum(total) as total from "Order" group by account_id;
CREATE VIEW "open_tickets" AS 
  select t.id, t.title, e.email as assignee_email
  from tickets t left join employees e on e.id = t."Assignee"
  where t.state = 'open';
COMMENT ON TABLE "Order" IS 'Orders: the table name is a reserved word in SQL';
COMMENT ON TABLE "accounts" IS 'Every column clause in one table';
COMMENT ON COLUMN "accounts"."parent_id" IS 'the parent account: a self-reference';
