-- retort downgrade head:base (sqlite)

-- downgrade ca1100000005 -> ca1100000004, review: under_review status, one review per user
PRAGMA foreign_keys = OFF;
-- warning: enum notification_type: value 'pull_request' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
-- warning: enum changeset_status: value 'under_review' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
BEGIN;
CREATE TABLE "_retort_new_notifications" (
  "notification_id" INTEGER NOT NULL,
  "subject" VARCHAR(512) NOT NULL,
  "body" TEXT,
  "created_by" INTEGER,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "type" TEXT NOT NULL DEFAULT 'message',
  CONSTRAINT "pk_notifications" PRIMARY KEY ("notification_id"),
  CONSTRAINT "ck_notifications_notification_type" CHECK ("type" IN ('cs_comment', 'pull_request_comment', 'registration', 'message')),
  CONSTRAINT "fk_notifications_created_by_users" FOREIGN KEY ("created_by") REFERENCES "users" ("user_id") ON DELETE SET NULL
);
INSERT INTO "_retort_new_notifications" ("notification_id", "subject", "body", "created_by", "created_on", "type") SELECT "notification_id", "subject", "body", "created_by", "created_on", "type" FROM "notifications";
DROP TABLE "notifications";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_notifications" RENAME TO "notifications";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_notifications_created_by" ON "notifications" ("created_by");
CREATE INDEX "ix_notifications_type" ON "notifications" ("type");
CREATE TABLE "_retort_new_changeset_statuses" (
  "changeset_status_id" INTEGER NOT NULL,
  "repo_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "revision" VARCHAR(40) NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'not_reviewed',
  "changeset_comment_id" INTEGER NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 0,
  "modified_at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "pull_request_id" INTEGER,
  CONSTRAINT "pk_changeset_statuses" PRIMARY KEY ("changeset_status_id"),
  CONSTRAINT "uq_changeset_statuses_repo_id_revision_version" UNIQUE ("repo_id", "revision", "version"),
  CONSTRAINT "ck_changeset_statuses_version" CHECK (version >= 0),
  CONSTRAINT "ck_changeset_statuses_changeset_status" CHECK ("status" IN ('not_reviewed', 'approved', 'rejected')),
  CONSTRAINT "fk_changeset_statuses_changeset_comment_id_changeset_comments" FOREIGN KEY ("changeset_comment_id") REFERENCES "changeset_comments" ("comment_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_repo_id_repositories" FOREIGN KEY ("repo_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id")
);
INSERT INTO "_retort_new_changeset_statuses" ("changeset_status_id", "repo_id", "user_id", "revision", "status", "changeset_comment_id", "version", "modified_at", "pull_request_id") SELECT "changeset_status_id", "repo_id", "user_id", "revision", "status", "changeset_comment_id", "version", "modified_at", "pull_request_id" FROM "changeset_statuses";
DROP TABLE "changeset_statuses";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_changeset_statuses" RENAME TO "changeset_statuses";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_changeset_statuses_changeset_comment_id" ON "changeset_statuses" ("changeset_comment_id");
CREATE INDEX "ix_changeset_statuses_current" ON "changeset_statuses" ("repo_id", "revision") WHERE (version = 0);
CREATE INDEX "ix_changeset_statuses_pull_request_id" ON "changeset_statuses" ("pull_request_id");
CREATE INDEX "ix_changeset_statuses_revision" ON "changeset_statuses" ("revision");
CREATE INDEX "ix_changeset_statuses_user_id" ON "changeset_statuses" ("user_id");
DROP INDEX "ix_pull_requests_open";
CREATE TABLE "_retort_new_pull_request_reviewers" (
  "pull_request_reviewers_id" INTEGER NOT NULL,
  "pull_request_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  CONSTRAINT "pk_pull_request_reviewers" PRIMARY KEY ("pull_request_reviewers_id"),
  CONSTRAINT "fk_pull_request_reviewers_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE,
  CONSTRAINT "fk_pull_request_reviewers_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
INSERT INTO "_retort_new_pull_request_reviewers" ("pull_request_reviewers_id", "pull_request_id", "user_id") SELECT "pull_request_reviewers_id", "pull_request_id", "user_id" FROM "pull_request_reviewers";
DROP TABLE "pull_request_reviewers";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_pull_request_reviewers" RENAME TO "pull_request_reviewers";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pull_request_reviewers_pull_request_id" ON "pull_request_reviewers" ("pull_request_id");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000004', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a ca1100000004:3a1259e854211df8');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade ca1100000004 -> ca1100000003, pull requests, changeset review, notifications, gists
PRAGMA foreign_keys = OFF;
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
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000003', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade ca1100000003 -> ca1100000002, external authentication replaces ldap_dn
PRAGMA foreign_keys = OFF;
-- warning: drop column users.extern_name: destructive, its values are lost
BEGIN;
ALTER TABLE "users" DROP COLUMN "extern_name";
-- warning: drop column users.extern_type: destructive, its values are lost
ALTER TABLE "users" DROP COLUMN "extern_type";
CREATE TABLE "_retort_new_users" (
  "user_id" INTEGER NOT NULL,
  "username" VARCHAR(255) NOT NULL,
  "password" VARCHAR(255),
  "active" BOOLEAN NOT NULL DEFAULT true,
  "admin" BOOLEAN NOT NULL DEFAULT false,
  "firstname" VARCHAR(255),
  "lastname" VARCHAR(255),
  "email" VARCHAR(255),
  "last_login" TIMESTAMP,
  "api_key" VARCHAR(255),
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "user_data" BLOB,
  CONSTRAINT "pk_users" PRIMARY KEY ("user_id"),
  CONSTRAINT "uq_users_username" UNIQUE ("username")
);
INSERT INTO "_retort_new_users" ("user_id", "username", "password", "active", "admin", "firstname", "lastname", "email", "last_login", "api_key", "created_on", "user_data") SELECT "user_id", "username", "password", "active", "admin", "firstname", "lastname", "email", "last_login", "api_key", "created_on", "user_data" FROM "users";
DROP TABLE "users";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_users" RENAME TO "users";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_users_api_key" ON "users" ("api_key");
CREATE INDEX "ix_users_email_lower" ON "users" (lower(email));
ALTER TABLE "users" ADD COLUMN "ldap_dn" VARCHAR(255);
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000002', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade ca1100000002 -> ca1100000001, landing revision, api keys, cache index
PRAGMA foreign_keys = OFF;
BEGIN;
DROP INDEX "ix_cache_invalidation_args";
-- warning: drop column repositories.landing_revision: destructive, its values are lost
ALTER TABLE "repositories" DROP COLUMN "landing_revision";
-- warning: drop table user_api_keys: destructive, its rows are lost
DROP TABLE "user_api_keys";
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000001', 'ca1100000001:1e9fb24f85170077');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- downgrade ca1100000001 -> <base>, users, settings, repositories and permissions
PRAGMA foreign_keys = OFF;
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
DELETE FROM "retort_version";
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

