-- retort downgrade head:base (postgresql)

-- downgrade ca1100000005 -> ca1100000004, review: under_review status, one review per user
-- warning: enum notification_type: value 'pull_request' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
BEGIN;
ALTER TYPE "notification_type" RENAME TO "notification_type_old";
CREATE TYPE "notification_type" AS ENUM ('cs_comment', 'pull_request_comment', 'registration', 'message');
ALTER TABLE "notifications" ALTER COLUMN "type" DROP DEFAULT;
ALTER TABLE "notifications" ALTER COLUMN "type" TYPE "notification_type" USING ("type"::text::"notification_type");
ALTER TABLE "notifications" ALTER COLUMN "type" SET DEFAULT 'message';
-- warning: enum changeset_status: value 'under_review' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
ALTER TYPE "changeset_status" RENAME TO "changeset_status_old";
CREATE TYPE "changeset_status" AS ENUM ('not_reviewed', 'approved', 'rejected');
ALTER TABLE "changeset_statuses" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "changeset_statuses" ALTER COLUMN "status" TYPE "changeset_status" USING ("status"::text::"changeset_status");
ALTER TABLE "changeset_statuses" ALTER COLUMN "status" SET DEFAULT 'not_reviewed';
DROP INDEX "ix_pull_requests_open";
ALTER TABLE "pull_request_reviewers" DROP CONSTRAINT "uq_pull_request_reviewers_user_pull_request";
DROP TYPE "notification_type_old";
DROP TYPE "changeset_status_old";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('ca1100000004', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a ca1100000004:3a1259e854211df8');
COMMIT;

-- downgrade ca1100000004 -> ca1100000003, pull requests, changeset review, notifications, gists
-- warning: drop table user_to_notification: destructive, its rows are lost
BEGIN;
DROP TABLE "user_to_notification";
-- warning: drop table pull_request_reviewers: destructive, its rows are lost
DROP TABLE "pull_request_reviewers";
-- warning: drop table changeset_statuses: destructive, its rows are lost
DROP TABLE "changeset_statuses";
-- warning: drop table changeset_comments: destructive, its rows are lost
DROP TABLE "changeset_comments";
-- warning: drop table pull_requests: destructive, its rows are lost
DROP TABLE "pull_requests";
-- warning: drop table notifications: destructive, its rows are lost
DROP TABLE "notifications";
-- warning: drop table gists: destructive, its rows are lost
DROP TABLE "gists";
DROP TYPE "pull_request_status";
DROP TYPE "notification_type";
DROP TYPE "gist_type";
DROP TYPE "changeset_status";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('ca1100000003', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a');
COMMIT;

-- downgrade ca1100000003 -> ca1100000002, external authentication replaces ldap_dn
-- warning: drop column users.extern_name: destructive, its values are lost
BEGIN;
ALTER TABLE "users" DROP COLUMN "extern_name";
-- warning: drop column users.extern_type: destructive, its values are lost
ALTER TABLE "users" DROP COLUMN "extern_type";
ALTER TABLE "users" ALTER COLUMN "api_key" DROP NOT NULL;
ALTER TABLE "users" ADD COLUMN "ldap_dn" character varying(255);
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('ca1100000002', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2');
COMMIT;

-- downgrade ca1100000002 -> ca1100000001, landing revision, api keys, cache index
BEGIN;
DROP INDEX "ix_cache_invalidation_args";
-- warning: drop column repositories.landing_revision: destructive, its values are lost
ALTER TABLE "repositories" DROP COLUMN "landing_revision";
-- warning: drop table user_api_keys: destructive, its rows are lost
DROP TABLE "user_api_keys";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('ca1100000001', 'ca1100000001:1e9fb24f85170077');
COMMIT;

-- downgrade ca1100000001 -> <base>, users, settings, repositories and permissions
-- warning: drop table user_to_perm: destructive, its rows are lost
BEGIN;
DROP TABLE "user_to_perm";
-- warning: drop table user_repo_to_perm: destructive, its rows are lost
DROP TABLE "user_repo_to_perm";
-- warning: drop table user_repo_group_to_perm: destructive, its rows are lost
DROP TABLE "user_repo_group_to_perm";
-- warning: drop table user_logs: destructive, its rows are lost
DROP TABLE "user_logs";
-- warning: drop table user_ip_map: destructive, its rows are lost
DROP TABLE "user_ip_map";
-- warning: drop table user_group_to_perm: destructive, its rows are lost
DROP TABLE "user_group_to_perm";
-- warning: drop table user_group_repo_to_perm: destructive, its rows are lost
DROP TABLE "user_group_repo_to_perm";
-- warning: drop table user_group_repo_group_to_perm: destructive, its rows are lost
DROP TABLE "user_group_repo_group_to_perm";
-- warning: drop table user_group_members: destructive, its rows are lost
DROP TABLE "user_group_members";
-- warning: drop table user_groups: destructive, its rows are lost
DROP TABLE "user_groups";
-- warning: drop table user_followings: destructive, its rows are lost
DROP TABLE "user_followings";
-- warning: drop table user_email_map: destructive, its rows are lost
DROP TABLE "user_email_map";
-- warning: drop table statistics: destructive, its rows are lost
DROP TABLE "statistics";
-- warning: drop table repository_fields: destructive, its rows are lost
DROP TABLE "repository_fields";
-- warning: drop table repositories: destructive, its rows are lost
DROP TABLE "repositories";
-- warning: drop table repo_groups: destructive, its rows are lost
DROP TABLE "repo_groups";
-- warning: drop table users: destructive, its rows are lost
DROP TABLE "users";
-- warning: drop table ui: destructive, its rows are lost
DROP TABLE "ui";
-- warning: drop table settings: destructive, its rows are lost
DROP TABLE "settings";
-- warning: drop table permissions: destructive, its rows are lost
DROP TABLE "permissions";
-- warning: drop table cache_invalidation: destructive, its rows are lost
DROP TABLE "cache_invalidation";
DROP TYPE "setting_type";
DROP TYPE "repo_type";
DELETE FROM "public"."retort_version";
COMMIT;

