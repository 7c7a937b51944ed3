-- retort upgrade head (sqlite)

CREATE TABLE "retort_version" (version_num VARCHAR(255) NOT NULL, checksums TEXT, CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num));

-- upgrade <base> -> 3eb5a0000001, users, groups and activation
BEGIN;
CREATE TABLE "groups" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_groups" PRIMARY KEY AUTOINCREMENT,
  "uuid" UUID_TEXT NOT NULL,
  "name" VARCHAR(64) NOT NULL,
  "description" TEXT,
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "updated_at" TIMESTAMPTZ,
  "group_data" JSONB_TEXT NOT NULL DEFAULT '{}',
  CONSTRAINT "uq_groups_name" UNIQUE ("name"),
  CONSTRAINT "uq_groups_uuid" UNIQUE ("uuid")
);
CREATE TABLE "user_activation" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_user_activation" PRIMARY KEY AUTOINCREMENT,
  "code" VARCHAR(32) NOT NULL,
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "updated_at" TIMESTAMPTZ,
  "expires_at" TIMESTAMPTZ NOT NULL,
  CONSTRAINT "uq_user_activation_code" UNIQUE ("code")
);
CREATE TABLE "users" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
  "uuid" UUID_TEXT NOT NULL,
  "username" VARCHAR(256),
  "email" VARCHAR(256),
  "password" VARCHAR(256),
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "updated_at" TIMESTAMPTZ,
  "activated_at" TIMESTAMPTZ,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "last_login_at" TIMESTAMPTZ,
  "last_login_ip" VARCHAR(256),
  "activation_id" INTEGER,
  CONSTRAINT "uq_users_email" UNIQUE ("email"),
  CONSTRAINT "uq_users_username" UNIQUE ("username"),
  CONSTRAINT "uq_users_uuid" UNIQUE ("uuid"),
  CONSTRAINT "fk_users_activation_id_user_activation" FOREIGN KEY ("activation_id") REFERENCES "user_activation" ("id") ON DELETE SET NULL
);
CREATE INDEX "ix_users_activation_id" ON "users" ("activation_id");
CREATE INDEX "ix_users_email_lower" ON "users" (lower(email));
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000001', '3eb5a0000001:6080909f96b00371');
COMMIT;

-- upgrade 3eb5a0000001 -> 3eb5a0000002, group membership, sessions, user data
BEGIN;
CREATE TABLE "user_sessions" (
  "session_id" CHAR(64) NOT NULL,
  "user_id" INTEGER NOT NULL,
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "last_seen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "expires_at" TIMESTAMPTZ NOT NULL,
  "ip" VARCHAR(256),
  "user_agent" TEXT,
  "data" JSON_TEXT,
  CONSTRAINT "pk_user_sessions" PRIMARY KEY ("session_id"),
  CONSTRAINT "fk_user_sessions_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_sessions_expires_at" ON "user_sessions" ("expires_at");
CREATE INDEX "ix_user_sessions_user_id" ON "user_sessions" ("user_id");
CREATE TABLE "usergroup" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_usergroup" PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "group_id" INTEGER NOT NULL,
  CONSTRAINT "uq_usergroup_user_id_group_id" UNIQUE ("user_id", "group_id"),
  CONSTRAINT "fk_usergroup_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_usergroup_group_id_groups" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_usergroup_group_id" ON "usergroup" ("group_id");
ALTER TABLE "users" ADD COLUMN "user_data" JSONB_TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "users" ADD COLUMN "last_auth_sensitive_operation_at" TIMESTAMPTZ;
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000002', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d');
COMMIT;

-- upgrade 3eb5a0000002 -> 3eb5a0000003, wallet add-on
BEGIN;
CREATE TABLE "asset_networks" (
  "id" UUID_TEXT NOT NULL,
  "name" VARCHAR(256) NOT NULL,
  "kind" TEXT NOT NULL DEFAULT 'testnet',
  "other_data" JSONB_TEXT NOT NULL DEFAULT '{}',
  CONSTRAINT "pk_asset_networks" PRIMARY KEY ("id"),
  CONSTRAINT "uq_asset_networks_name" UNIQUE ("name"),
  CONSTRAINT "ck_asset_networks_network_kind" CHECK ("kind" IN ('mainnet', 'testnet', 'private'))
);
CREATE TABLE "assets" (
  "id" UUID_TEXT NOT NULL,
  "network_id" UUID_TEXT,
  "symbol" VARCHAR(32),
  "name" VARCHAR(256),
  "description" TEXT,
  "external_id" VARCHAR(256),
  "supply" NUMERIC(38,18),
  "state" TEXT NOT NULL DEFAULT 'unknown',
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_assets" PRIMARY KEY ("id"),
  CONSTRAINT "uq_assets_network_id_external_id" UNIQUE ("network_id", "external_id"),
  CONSTRAINT "uq_assets_network_id_symbol" UNIQUE ("network_id", "symbol"),
  CONSTRAINT "ck_assets_asset_state" CHECK ("state" IN ('unknown', 'active')),
  CONSTRAINT "fk_assets_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id") ON DELETE CASCADE
);
CREATE TABLE "accounts" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_accounts" PRIMARY KEY AUTOINCREMENT,
  "asset_id" UUID_TEXT NOT NULL,
  "denormalized_balance" NUMERIC(38,18) NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "updated_at" TIMESTAMPTZ,
  CONSTRAINT "fk_accounts_asset_id_assets" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id")
);
CREATE INDEX "ix_accounts_asset_id" ON "accounts" ("asset_id");
CREATE TABLE "crypto_addresses" (
  "id" UUID_TEXT NOT NULL,
  "network_id" UUID_TEXT NOT NULL,
  "address" VARCHAR(128) NOT NULL,
  "label" VARCHAR(256),
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "archived_at" TIMESTAMPTZ,
  CONSTRAINT "pk_crypto_addresses" PRIMARY KEY ("id"),
  CONSTRAINT "uq_crypto_addresses_network_id_address" UNIQUE ("network_id", "address"),
  CONSTRAINT "fk_crypto_addresses_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id")
);
CREATE TABLE "crypto_transactions" (
  "id" UUID_TEXT NOT NULL,
  "network_id" UUID_TEXT NOT NULL,
  "txid" VARCHAR(128),
  "state" TEXT NOT NULL DEFAULT 'pending',
  "from_address_id" UUID_TEXT,
  "to_address_id" UUID_TEXT,
  "amount" NUMERIC(38,18) NOT NULL,
  "initiated_by" INTEGER,
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  "mined_at" TIMESTAMPTZ,
  CONSTRAINT "pk_crypto_transactions" PRIMARY KEY ("id"),
  CONSTRAINT "ck_crypto_transactions_amount" CHECK (amount >= 0),
  CONSTRAINT "ck_crypto_transactions_transaction_state" CHECK ("state" IN ('pending', 'broadcasted', 'mined', 'failed')),
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
  "id" UUID_TEXT NOT NULL,
  "user_id" INTEGER NOT NULL,
  "account_id" INTEGER NOT NULL,
  "name" VARCHAR(256),
  CONSTRAINT "pk_user_owned_accounts" PRIMARY KEY ("id"),
  CONSTRAINT "uq_user_owned_accounts_account_id" UNIQUE ("account_id"),
  CONSTRAINT "fk_user_owned_accounts_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_owned_accounts_account_id_accounts" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
);
CREATE INDEX "ix_user_owned_accounts_user_id" ON "user_owned_accounts" ("user_id");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000003', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c');
COMMIT;

-- upgrade 3eb5a0000003 -> 3eb5a0000004, wallet: pending and closed assets, address labels dropped
PRAGMA foreign_keys = OFF;
-- warning: drop column crypto_addresses.label: destructive, its values are lost
BEGIN;
ALTER TABLE "crypto_addresses" DROP COLUMN "label";
-- warning: alter column assets.network_id set not null: fails if existing rows hold null (the column has no default)
CREATE TABLE "_retort_new_assets" (
  "id" UUID_TEXT NOT NULL,
  "network_id" UUID_TEXT NOT NULL,
  "symbol" VARCHAR(32),
  "name" VARCHAR(256),
  "description" TEXT,
  "external_id" VARCHAR(256),
  "supply" NUMERIC(38,18),
  "state" TEXT NOT NULL DEFAULT 'unknown',
  "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_assets" PRIMARY KEY ("id"),
  CONSTRAINT "uq_assets_network_id_external_id" UNIQUE ("network_id", "external_id"),
  CONSTRAINT "uq_assets_network_id_symbol" UNIQUE ("network_id", "symbol"),
  CONSTRAINT "ck_assets_asset_state" CHECK ("state" IN ('unknown', 'pending', 'active', 'closed')),
  CONSTRAINT "fk_assets_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id") ON DELETE CASCADE
);
INSERT INTO "_retort_new_assets" ("id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at") SELECT "id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at" FROM "assets";
DROP TABLE "assets";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_assets" RENAME TO "assets";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_crypto_transactions_pending" ON "crypto_transactions" ("created_at") WHERE (state = 'pending');
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000004', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c 3eb5a0000004:604c47374960824d');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

