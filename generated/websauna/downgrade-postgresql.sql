-- retort downgrade head:base (postgresql)

-- downgrade 3eb5a0000004 -> 3eb5a0000003, wallet: pending and closed assets, address labels dropped
-- warning: enum asset_state: values 'pending', 'closed' are removed: the type is rebuilt, and rows holding them make the downgrade fail (fix them first with an `execute`)
BEGIN;
ALTER TYPE "asset_state" RENAME TO "asset_state_old";
CREATE TYPE "asset_state" AS ENUM ('unknown', 'active');
ALTER TABLE "assets" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "assets" ALTER COLUMN "state" TYPE "asset_state" USING ("state"::text::"asset_state");
ALTER TABLE "assets" ALTER COLUMN "state" SET DEFAULT 'unknown';
DROP INDEX "ix_crypto_transactions_pending";
ALTER TABLE "assets" ALTER COLUMN "network_id" DROP NOT NULL;
DROP TYPE "asset_state_old";
ALTER TABLE "crypto_addresses" ADD COLUMN "label" character varying(256);
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000003', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d 3eb5a0000003:c426a8c1b87cd75c');
COMMIT;

-- downgrade 3eb5a0000003 -> 3eb5a0000002, wallet add-on
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
DROP TYPE "transaction_state";
DROP TYPE "network_kind";
DROP TYPE "asset_state";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000002', '3eb5a0000001:6080909f96b00371 3eb5a0000002:04dab6e06f17ca1d');
COMMIT;

-- downgrade 3eb5a0000002 -> 3eb5a0000001, group membership, sessions, user data
-- warning: drop column users.last_auth_sensitive_operation_at: destructive, its values are lost
BEGIN;
ALTER TABLE "users" DROP COLUMN "last_auth_sensitive_operation_at";
-- warning: drop column users.user_data: destructive, its values are lost
ALTER TABLE "users" DROP COLUMN "user_data";
-- warning: drop table usergroup: destructive, its rows are lost
DROP TABLE "usergroup";
-- warning: drop table user_sessions: destructive, its rows are lost
DROP TABLE "user_sessions";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('3eb5a0000001', '3eb5a0000001:6080909f96b00371');
COMMIT;

-- downgrade 3eb5a0000001 -> <base>, users, groups and activation
-- warning: drop table users: destructive, its rows are lost
BEGIN;
DROP TABLE "users";
-- warning: drop table user_activation: destructive, its rows are lost
DROP TABLE "user_activation";
-- warning: drop table groups: destructive, its rows are lost
DROP TABLE "groups";
DELETE FROM "public"."retort_version";
COMMIT;

