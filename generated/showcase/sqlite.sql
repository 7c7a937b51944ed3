CREATE TABLE "accounts" (
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
CREATE TABLE "Order" (
  "Order ID" BIGINT NOT NULL,
  "account_id" INTEGER NOT NULL,
  "account_code" CHAR(8),
  "quantity" INTEGER NOT NULL,
  "unit_price" NUMERIC(10,2) NOT NULL,
  "total" NUMERIC(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
  "select" TEXT,
  "placed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_Order" PRIMARY KEY ("Order ID"),
  CONSTRAINT "ck_Order_quantity" CHECK (quantity > 0),
  CONSTRAINT "fk_Order_account_code_accounts" FOREIGN KEY ("account_code") REFERENCES "accounts" ("code") ON UPDATE CASCADE,
  CONSTRAINT "fk_Order_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE
);
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
  CONSTRAINT "ck_all_types_mood" CHECK ("c_enum" IN ('sad', 'ok', 'happy')),
  CONSTRAINT "ck_all_types_Ticket State" CHECK ("c_quoted_enum" IN ('open', 'in progress', 'it''s done'))
);
CREATE TABLE "departments" (
  "id" INTEGER NOT NULL,
  "region" CHAR(2) NOT NULL,
  "name" VARCHAR(100) NOT NULL,
  "manager_id" INTEGER,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("region", "id"),
  CONSTRAINT "uq_departments_name" UNIQUE ("name"),
  CONSTRAINT "ck_departments_region" CHECK (region in ('EU', 'US', 'AP')),
  CONSTRAINT "fk_departments_manager" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE "employees" (
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
  CONSTRAINT "fk_employees_department_region_department_id_departments" FOREIGN KEY ("department_region", "department_id") REFERENCES "departments" ("region", "id") ON DELETE SET DEFAULT ON UPDATE NO ACTION DEFERRABLE,
  CONSTRAINT "fk_employees_manager_id_employees" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE RESTRICT
);
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
  CONSTRAINT "ck_tickets_mood" CHECK ("mood" IN ('sad', 'ok', 'happy')),
  CONSTRAINT "fk_tickets_Assignee_employees" FOREIGN KEY ("Assignee") REFERENCES "employees" ("id") ON DELETE NO ACTION
);
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
