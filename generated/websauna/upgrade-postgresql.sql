-- retort upgrade head (postgresql)

CREATE TABLE "public"."retort_version" (version_num VARCHAR(255) NOT NULL, checksums TEXT, CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num));

-- upgrade <base> -> 3eb5a0000001, users, groups and activation
BEGIN;
CREATE TABLE "groups" (
  "id" serial NOT NULL,
  "uuid" uuid NOT NULL,
  "name" character varying(64) NOT NULL,
  "description" text,
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "updated_at" timestamp with time zone,
  "group_data" jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT "pk_groups" PRIMARY KEY ("id"),
  CONSTRAINT "uq_groups_name" UNIQUE ("name"),
  CONSTRAINT "uq_groups_uuid" UNIQUE ("uuid")
);
CREATE TABLE "user_activation" (
  "id" serial NOT NULL,
  "code" character varying(32) NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "updated_at" timestamp with time zone,
  "expires_at" timestamp with time zone NOT NULL,
  CONSTRAINT "pk_user_activation" PRIMARY KEY ("id"),
  CONSTRAINT "uq_user_activation_code" UNIQUE ("code")
);
CREATE TABLE "users" (
  "id" serial NOT NULL,
  "uuid" uuid NOT NULL,
  "username" character varying(256),
  "email" character varying(256),
  "password" character varying(256),
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "updated_at" timestamp with time zone,
  "activated_at" timestamp with time zone,
  "enabled" boolean NOT NULL DEFAULT true,
  "last_login_at" timestamp with time zone,
  "last_login_ip" character varying(256),
  "activation_id" integer,
  CONSTRAINT "pk_users" PRIMARY KEY ("id"),
  CONSTRAINT "uq_users_email" UNIQUE ("email"),
  CONSTRAINT "uq_users_username" UNIQUE ("username"),
  CONSTRAINT "uq_users_uuid" UNIQUE ("uuid"),
  CONSTRAINT "fk_users_activation_id_user_activation" FOREIGN KEY ("activation_id") REFERENCES "user_activation" ("id") ON DELETE SET NULL
);
COMMENT ON TABLE "users" IS 'Site users; social logins have no password';
CREATE INDEX "ix_users_activation_id" ON "users" ("activation_id");
CREATE INDEX "ix_users_email_lower" ON "users" (lower(email));
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000001', '3eb5a0000001:6080909f96b00371');
COMMIT;

-- upgrade 3eb5a0000001 -> 3eb5a0000002, group membership, sessions, user data
BEGIN;
CREATE TABLE "user_sessions" (
  "session_id" character(64) NOT NULL,
  "user_id" integer NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "last_seen_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "expires_at" timestamp with time zone NOT NULL,
  "ip" character varying(256),
  "user_agent" text,
  "data" json,
  CONSTRAINT "pk_user_sessions" PRIMARY KEY ("session_id"),
  CONSTRAINT "fk_user_sessions_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_sessions_expires_at" ON "user_sessions" ("expires_at");
CREATE INDEX "ix_user_sessions_user_id" ON "user_sessions" ("user_id");
CREATE TABLE "usergroup" (
  "id" serial NOT NULL,
  "user_id" integer NOT NULL,
  "group_id" integer NOT NULL,
  CONSTRAINT "pk_usergroup" PRIMARY KEY ("id"),
  CONSTRAINT "uq_usergroup_user_id_group_id" UNIQUE ("user_id", "group_id"),
  CONSTRAINT "fk_usergroup_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_usergroup_group_id_groups" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_usergroup_group_id" ON "usergroup" ("group_id");
ALTER TABLE "users" ADD COLUMN "user_data" jsonb NOT NULL DEFAULT '{}';
ALTER TABLE "users" ADD COLUMN "last_auth_sensitive_operation_at" timestamp with time zone;
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000002', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d');
COMMIT;

-- upgrade 3eb5a0000002 -> 3eb5a0000003, wallet add-on
BEGIN;
CREATE TYPE "asset_state" AS ENUM ('unknown', 'active');
CREATE TYPE "network_kind" AS ENUM ('mainnet', 'testnet', 'private');
CREATE TYPE "transaction_state" AS ENUM ('pending', 'broadcasted', 'mined', 'failed');
CREATE TABLE "asset_networks" (
  "id" uuid NOT NULL,
  "name" character varying(256) NOT NULL,
  "kind" "network_kind" NOT NULL DEFAULT 'testnet',
  "other_data" jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT "pk_asset_networks" PRIMARY KEY ("id"),
  CONSTRAINT "uq_asset_networks_name" UNIQUE ("name")
);
CREATE TABLE "assets" (
  "id" uuid NOT NULL,
  "network_id" uuid,
  "symbol" character varying(32),
  "name" character varying(256),
  "description" text,
  "external_id" character varying(256),
  "supply" numeric(38,18),
  "state" "asset_state" NOT NULL DEFAULT 'unknown',
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_assets" PRIMARY KEY ("id"),
  CONSTRAINT "uq_assets_network_id_external_id" UNIQUE ("network_id", "external_id"),
  CONSTRAINT "uq_assets_network_id_symbol" UNIQUE ("network_id", "symbol"),
  CONSTRAINT "fk_assets_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id") ON DELETE CASCADE
);
CREATE TABLE "accounts" (
  "id" serial NOT NULL,
  "asset_id" uuid NOT NULL,
  "denormalized_balance" numeric(38,18) NOT NULL DEFAULT 0,
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "updated_at" timestamp with time zone,
  CONSTRAINT "pk_accounts" PRIMARY KEY ("id"),
  CONSTRAINT "fk_accounts_asset_id_assets" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id")
);
CREATE INDEX "ix_accounts_asset_id" ON "accounts" ("asset_id");
CREATE TABLE "crypto_addresses" (
  "id" uuid NOT NULL,
  "network_id" uuid NOT NULL,
  "address" character varying(128) NOT NULL,
  "label" character varying(256),
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "archived_at" timestamp with time zone,
  CONSTRAINT "pk_crypto_addresses" PRIMARY KEY ("id"),
  CONSTRAINT "uq_crypto_addresses_network_id_address" UNIQUE ("network_id", "address"),
  CONSTRAINT "fk_crypto_addresses_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id")
);
CREATE TABLE "crypto_transactions" (
  "id" uuid NOT NULL,
  "network_id" uuid NOT NULL,
  "txid" character varying(128),
  "state" "transaction_state" NOT NULL DEFAULT 'pending',
  "from_address_id" uuid,
  "to_address_id" uuid,
  "amount" numeric(38,18) NOT NULL,
  "initiated_by" integer,
  "created_at" timestamp with time zone NOT NULL DEFAULT current_timestamp,
  "mined_at" timestamp with time zone,
  CONSTRAINT "pk_crypto_transactions" PRIMARY KEY ("id"),
  CONSTRAINT "ck_crypto_transactions_amount" CHECK (amount >= 0),
  CONSTRAINT "fk_crypto_transactions_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id"),
  CONSTRAINT "fk_crypto_transactions_from_address_id_crypto_addresses" FOREIGN KEY ("from_address_id") REFERENCES "crypto_addresses" ("id"),
  CONSTRAINT "fk_crypto_transactions_to_address_id_crypto_addresses" FOREIGN KEY ("to_address_id") REFERENCES "crypto_addresses" ("id"),
  CONSTRAINT "fk_crypto_transactions_initiated_by_users" FOREIGN KEY ("initiated_by") REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX "ix_crypto_transactions_from_address_id" ON "crypto_transactions" ("from_address_id");
CREATE INDEX "ix_crypto_transactions_initiated_by" ON "crypto_transactions" ("initiated_by");
CREATE INDEX "ix_crypto_transactions_network_id_txid" ON "crypto_transactions" ("network_id", "txid");
CREATE INDEX "ix_crypto_transactions_to_address_id" ON "crypto_transactions" ("to_address_id");
CREATE TABLE "user_owned_accounts" (
  "id" uuid NOT NULL,
  "user_id" integer NOT NULL,
  "account_id" integer NOT NULL,
  "name" character varying(256),
  CONSTRAINT "pk_user_owned_accounts" PRIMARY KEY ("id"),
  CONSTRAINT "uq_user_owned_accounts_account_id" UNIQUE ("account_id"),
  CONSTRAINT "fk_user_owned_accounts_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_owned_accounts_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
);
CREATE INDEX "ix_user_owned_accounts_user_id" ON "user_owned_accounts" ("user_id");
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000003', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c');
COMMIT;

-- upgrade 3eb5a0000003 -> 3eb5a0000004, wallet: pending and closed assets, address labels dropped
ALTER TYPE "asset_state" ADD VALUE IF NOT EXISTS 'pending' AFTER 'unknown';
ALTER TYPE "asset_state" ADD VALUE IF NOT EXISTS 'closed';
-- warning: drop column crypto_addresses.label: destructive, its values are lost
BEGIN;
ALTER TABLE "crypto_addresses" DROP COLUMN "label";
-- warning: alter column assets.network_id set not null: fails if existing rows hold null (the column has no default)
ALTER TABLE "assets" ALTER COLUMN "network_id" SET NOT NULL;
CREATE INDEX "ix_crypto_transactions_pending" ON "crypto_transactions" ("created_at") WHERE (state = 'pending');
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000004', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c 3eb5a0000004:604c47374960824d');
COMMIT;

