-- retort downgrade head:base (sqlite)

-- downgrade 3eb5a0000004 -> 3eb5a0000003, wallet: pending and closed assets, address labels dropped
PRAGMA foreign_keys = OFF;
-- warning: enum asset_state: values 'pending', 'closed' are removed: the type is rebuilt, and rows holding them make the downgrade fail (fix them first with an `execute`)
BEGIN;
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
  CONSTRAINT "ck_assets_asset_state" CHECK ("state" IN ('unknown', 'active')),
  CONSTRAINT "fk_assets_network_id_asset_networks" FOREIGN KEY ("network_id") REFERENCES "asset_networks" ("id") ON DELETE CASCADE
);
INSERT INTO "_retort_new_assets" ("id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at") SELECT "id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at" FROM "assets";
DROP TABLE "assets";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_assets" RENAME TO "assets";
PRAGMA legacy_alter_table = OFF;
DROP INDEX "ix_crypto_transactions_pending";
CREATE TABLE "_retort_new_assets" (
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
INSERT INTO "_retort_new_assets" ("id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at") SELECT "id", "network_id", "symbol", "name", "description", "external_id", "supply", "state", "created_at" FROM "assets";
DROP TABLE "assets";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_assets" RENAME TO "assets";
PRAGMA legacy_alter_table = OFF;
ALTER TABLE "crypto_addresses" ADD COLUMN "label" VARCHAR(256);
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000003', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 3eb5a0000003 -> 3eb5a0000002, wallet add-on
PRAGMA foreign_keys = OFF;
-- warning: drop table user_owned_accounts: destructive, its rows are lost
BEGIN;
DROP TABLE "user_owned_accounts";
-- warning: drop table crypto_transactions: destructive, its rows are lost
DROP TABLE "crypto_transactions";
-- warning: drop table crypto_addresses: destructive, its rows are lost
DROP TABLE "crypto_addresses";
-- warning: drop table accounts: destructive, its rows are lost
DROP TABLE "accounts";
-- warning: drop table assets: destructive, its rows are lost
DROP TABLE "assets";
-- warning: drop table asset_networks: destructive, its rows are lost
DROP TABLE "asset_networks";
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000002', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 3eb5a0000002 -> 3eb5a0000001, group membership, sessions, user data
PRAGMA foreign_keys = OFF;
-- warning: drop column users.last_auth_sensitive_operation_at: destructive, its values are lost
BEGIN;
ALTER TABLE "users" DROP COLUMN "last_auth_sensitive_operation_at";
-- warning: drop column users.user_data: destructive, its values are lost
ALTER TABLE "users" DROP COLUMN "user_data";
-- warning: drop table usergroup: destructive, its rows are lost
DROP TABLE "usergroup";
-- warning: drop table user_sessions: destructive, its rows are lost
DROP TABLE "user_sessions";
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('3eb5a0000001', '3eb5a0000001:6080909f96b00371');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade 3eb5a0000001 -> <base>, users, groups and activation
PRAGMA foreign_keys = OFF;
-- warning: drop table users: destructive, its rows are lost
BEGIN;
DROP TABLE "users";
-- warning: drop table user_activation: destructive, its rows are lost
DROP TABLE "user_activation";
-- warning: drop table groups: destructive, its rows are lost
DROP TABLE "groups";
DELETE FROM "retort_version";
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

