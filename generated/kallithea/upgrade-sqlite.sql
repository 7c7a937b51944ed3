-- retort upgrade head (sqlite)

CREATE TABLE "retort_version" (version_num VARCHAR(255) NOT NULL, checksums TEXT, CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num));

-- upgrade <base> -> ca1100000001, users, settings, repositories and permissions
BEGIN;
CREATE TABLE "cache_invalidation" (
  "cache_id" INTEGER NOT NULL,
  "cache_key" VARCHAR(255) NOT NULL,
  "cache_args" VARCHAR(255) NOT NULL,
  "cache_active" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "pk_cache_invalidation" PRIMARY KEY ("cache_id"),
  CONSTRAINT "uq_cache_invalidation_cache_key" UNIQUE ("cache_key")
);
CREATE TABLE "permissions" (
  "permission_id" INTEGER NOT NULL,
  "permission_name" VARCHAR(255) NOT NULL,
  CONSTRAINT "pk_permissions" PRIMARY KEY ("permission_id"),
  CONSTRAINT "uq_permissions_permission_name" UNIQUE ("permission_name")
);
CREATE TABLE "settings" (
  "app_settings_id" INTEGER NOT NULL,
  "app_settings_name" VARCHAR(255) NOT NULL,
  "app_settings_value" VARCHAR(4096) NOT NULL DEFAULT '',
  "app_settings_type" TEXT NOT NULL DEFAULT 'unicode',
  CONSTRAINT "pk_settings" PRIMARY KEY ("app_settings_id"),
  CONSTRAINT "uq_settings_app_settings_name" UNIQUE ("app_settings_name"),
  CONSTRAINT "ck_settings_setting_type" CHECK ("app_settings_type" IN ('str', 'int', 'bool', 'list', 'unicode', 'password'))
);
CREATE TABLE "ui" (
  "ui_id" INTEGER NOT NULL,
  "ui_section" VARCHAR(255) NOT NULL,
  "ui_key" VARCHAR(255) NOT NULL,
  "ui_value" VARCHAR(255),
  "ui_active" BOOLEAN NOT NULL DEFAULT true,
  CONSTRAINT "pk_ui" PRIMARY KEY ("ui_id"),
  CONSTRAINT "uq_ui_section_key" UNIQUE ("ui_section", "ui_key")
);
CREATE TABLE "users" (
  "user_id" INTEGER NOT NULL,
  "username" VARCHAR(255) NOT NULL,
  "password" VARCHAR(255),
  "active" BOOLEAN NOT NULL DEFAULT true,
  "admin" BOOLEAN NOT NULL DEFAULT false,
  "firstname" VARCHAR(255),
  "lastname" VARCHAR(255),
  "email" VARCHAR(255),
  "last_login" TIMESTAMP,
  "ldap_dn" VARCHAR(255),
  "api_key" VARCHAR(255),
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "user_data" BLOB,
  CONSTRAINT "pk_users" PRIMARY KEY ("user_id"),
  CONSTRAINT "uq_users_username" UNIQUE ("username")
);
CREATE INDEX "ix_users_api_key" ON "users" ("api_key");
CREATE INDEX "ix_users_email_lower" ON "users" (lower(email));
CREATE TABLE "repo_groups" (
  "group_id" INTEGER NOT NULL,
  "group_name" VARCHAR(255) NOT NULL,
  "group_parent_id" INTEGER,
  "group_description" VARCHAR(10000),
  "owner_id" INTEGER NOT NULL,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_repo_groups" PRIMARY KEY ("group_id"),
  CONSTRAINT "uq_repo_groups_group_name" UNIQUE ("group_name"),
  CONSTRAINT "fk_repo_groups_group_parent_id_repo_groups" FOREIGN KEY ("group_parent_id") REFERENCES "repo_groups" ("group_id"),
  CONSTRAINT "fk_repo_groups_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("user_id")
);
CREATE INDEX "ix_repo_groups_group_parent_id" ON "repo_groups" ("group_parent_id");
CREATE INDEX "ix_repo_groups_owner_id" ON "repo_groups" ("owner_id");
CREATE TABLE "repositories" (
  "repo_id" INTEGER NOT NULL,
  "repo_name" VARCHAR(255) NOT NULL,
  "repo_state" VARCHAR(255) NOT NULL DEFAULT 'repo_state_created',
  "clone_uri" VARCHAR(255),
  "repo_type" TEXT NOT NULL DEFAULT 'hg',
  "owner_id" INTEGER NOT NULL,
  "private" BOOLEAN NOT NULL DEFAULT false,
  "enable_statistics" BOOLEAN NOT NULL DEFAULT true,
  "enable_downloads" BOOLEAN NOT NULL DEFAULT true,
  "description" VARCHAR(10000),
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "updated_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "fork_id" INTEGER,
  "group_id" INTEGER,
  "changeset_cache" BLOB,
  CONSTRAINT "pk_repositories" PRIMARY KEY ("repo_id"),
  CONSTRAINT "uq_repositories_repo_name" UNIQUE ("repo_name"),
  CONSTRAINT "ck_repositories_repo_type" CHECK ("repo_type" IN ('hg', 'git')),
  CONSTRAINT "fk_repositories_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("user_id"),
  CONSTRAINT "fk_repositories_fork_id_repositories" FOREIGN KEY ("fork_id") REFERENCES "repositories" ("repo_id"),
  CONSTRAINT "fk_repositories_group_id_repo_groups" FOREIGN KEY ("group_id") REFERENCES "repo_groups" ("group_id")
);
CREATE INDEX "ix_repositories_fork_id" ON "repositories" ("fork_id");
CREATE INDEX "ix_repositories_group_id" ON "repositories" ("group_id");
CREATE INDEX "ix_repositories_owner_id" ON "repositories" ("owner_id");
CREATE TABLE "repository_fields" (
  "repo_field_id" INTEGER NOT NULL,
  "repository_id" INTEGER NOT NULL,
  "field_key" VARCHAR(250) NOT NULL,
  "field_label" VARCHAR(1024) NOT NULL,
  "field_value" VARCHAR(10000) NOT NULL,
  "field_desc" VARCHAR(1024) NOT NULL,
  "field_type" VARCHAR(255) NOT NULL DEFAULT 'str',
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_repository_fields" PRIMARY KEY ("repo_field_id"),
  CONSTRAINT "uq_repository_fields_repository_id_field_key" UNIQUE ("repository_id", "field_key"),
  CONSTRAINT "fk_repository_fields_repository_id_repositories" FOREIGN KEY ("repository_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE
);
CREATE TABLE "statistics" (
  "stat_id" INTEGER NOT NULL,
  "repository_id" INTEGER NOT NULL,
  "stat_on_revision" INTEGER NOT NULL,
  "commit_activity" BLOB NOT NULL,
  "commit_activity_combined" BLOB NOT NULL,
  "languages" BLOB NOT NULL,
  CONSTRAINT "pk_statistics" PRIMARY KEY ("stat_id"),
  CONSTRAINT "uq_statistics_repository_id" UNIQUE ("repository_id"),
  CONSTRAINT "fk_statistics_repository_id_repositories" FOREIGN KEY ("repository_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE
);
CREATE TABLE "user_email_map" (
  "email_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "email" VARCHAR(255) NOT NULL,
  CONSTRAINT "pk_user_email_map" PRIMARY KEY ("email_id"),
  CONSTRAINT "fk_user_email_map_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_email_map_user_id" ON "user_email_map" ("user_id");
CREATE UNIQUE INDEX "uq_user_email_map_email" ON "user_email_map" (lower(email));
CREATE TABLE "user_followings" (
  "user_following_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "follows_repository_id" INTEGER,
  "follows_user_id" INTEGER,
  "follows_from" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_user_followings" PRIMARY KEY ("user_following_id"),
  CONSTRAINT "uq_user_followings_user_id_follows_repository_id" UNIQUE ("user_id", "follows_repository_id"),
  CONSTRAINT "uq_user_followings_user_id_follows_user_id" UNIQUE ("user_id", "follows_user_id"),
  CONSTRAINT "ck_user_followings_target" CHECK ((follows_repository_id is null) <> (follows_user_id is null)),
  CONSTRAINT "fk_user_followings_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_followings_follows_repository_id_repositories" FOREIGN KEY ("follows_repository_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_followings_follows_user_id_users" FOREIGN KEY ("follows_user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_followings_follows_repository_id" ON "user_followings" ("follows_repository_id");
CREATE INDEX "ix_user_followings_follows_user_id" ON "user_followings" ("follows_user_id");
CREATE TABLE "user_groups" (
  "users_group_id" INTEGER NOT NULL,
  "users_group_name" VARCHAR(255) NOT NULL,
  "user_group_description" VARCHAR(10000),
  "users_group_active" BOOLEAN NOT NULL DEFAULT true,
  "owner_id" INTEGER NOT NULL,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "group_data" BLOB,
  CONSTRAINT "pk_user_groups" PRIMARY KEY ("users_group_id"),
  CONSTRAINT "uq_user_groups_users_group_name" UNIQUE ("users_group_name"),
  CONSTRAINT "fk_user_groups_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("user_id")
);
CREATE INDEX "ix_user_groups_owner_id" ON "user_groups" ("owner_id");
CREATE TABLE "user_group_members" (
  "users_group_member_id" INTEGER NOT NULL,
  "users_group_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_group_members" PRIMARY KEY ("users_group_member_id"),
  CONSTRAINT "uq_user_group_members_users_group_id_user_id" UNIQUE ("users_group_id", "user_id"),
  CONSTRAINT "fk_user_group_members_users_group_id_user_groups" FOREIGN KEY ("users_group_id") REFERENCES "user_groups" ("users_group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_group_members_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_group_members_user_id" ON "user_group_members" ("user_id");
CREATE TABLE "user_group_repo_group_to_perm" (
  "users_group_repo_group_to_perm_id" INTEGER NOT NULL,
  "users_group_id" INTEGER NOT NULL,
  "group_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_group_repo_group_to_perm" PRIMARY KEY ("users_group_repo_group_to_perm_id"),
  CONSTRAINT "uq_user_group_repo_group_to_perm_users_group_id_group_id" UNIQUE ("users_group_id", "group_id"),
  CONSTRAINT "fk_user_group_repo_group_to_perm_users_group_id_user_groups" FOREIGN KEY ("users_group_id") REFERENCES "user_groups" ("users_group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_group_repo_group_to_perm_group_id_repo_groups" FOREIGN KEY ("group_id") REFERENCES "repo_groups" ("group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_group_repo_group_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id")
);
CREATE INDEX "ix_user_group_repo_group_to_perm_group_id" ON "user_group_repo_group_to_perm" ("group_id");
CREATE INDEX "ix_user_group_repo_group_to_perm_permission_id" ON "user_group_repo_group_to_perm" ("permission_id");
CREATE TABLE "user_group_repo_to_perm" (
  "users_group_to_perm_id" INTEGER NOT NULL,
  "users_group_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  "repository_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_group_repo_to_perm" PRIMARY KEY ("users_group_to_perm_id"),
  CONSTRAINT "uq_user_group_repo_to_perm_repository_id_users_group_i_d6bc2023" UNIQUE ("repository_id", "users_group_id", "permission_id"),
  CONSTRAINT "fk_user_group_repo_to_perm_users_group_id_user_groups" FOREIGN KEY ("users_group_id") REFERENCES "user_groups" ("users_group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_group_repo_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id"),
  CONSTRAINT "fk_user_group_repo_to_perm_repository_id_repositories" FOREIGN KEY ("repository_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_group_repo_to_perm_permission_id" ON "user_group_repo_to_perm" ("permission_id");
CREATE INDEX "ix_user_group_repo_to_perm_users_group_id" ON "user_group_repo_to_perm" ("users_group_id");
CREATE TABLE "user_group_to_perm" (
  "users_group_to_perm_id" INTEGER NOT NULL,
  "users_group_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_group_to_perm" PRIMARY KEY ("users_group_to_perm_id"),
  CONSTRAINT "uq_user_group_to_perm_users_group_id_permission_id" UNIQUE ("users_group_id", "permission_id"),
  CONSTRAINT "fk_user_group_to_perm_users_group_id_user_groups" FOREIGN KEY ("users_group_id") REFERENCES "user_groups" ("users_group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_group_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id")
);
CREATE INDEX "ix_user_group_to_perm_permission_id" ON "user_group_to_perm" ("permission_id");
CREATE TABLE "user_ip_map" (
  "ip_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "ip_addr" VARCHAR(255) NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  CONSTRAINT "pk_user_ip_map" PRIMARY KEY ("ip_id"),
  CONSTRAINT "uq_user_ip_map_user_id_ip_addr" UNIQUE ("user_id", "ip_addr"),
  CONSTRAINT "fk_user_ip_map_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE TABLE "user_logs" (
  "user_log_id" INTEGER NOT NULL,
  "user_id" INTEGER,
  "username" VARCHAR(255),
  "repository_id" INTEGER,
  "repository_name" VARCHAR(255),
  "user_ip" VARCHAR(255),
  "action" TEXT,
  "action_date" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_user_logs" PRIMARY KEY ("user_log_id"),
  CONSTRAINT "fk_user_logs_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE SET NULL,
  CONSTRAINT "fk_user_logs_repository_id_repositories" FOREIGN KEY ("repository_id") REFERENCES "repositories" ("repo_id") ON DELETE SET NULL
);
CREATE INDEX "ix_user_logs_action_date" ON "user_logs" ("action_date" DESC);
CREATE INDEX "ix_user_logs_repository_id" ON "user_logs" ("repository_id");
CREATE INDEX "ix_user_logs_user_id" ON "user_logs" ("user_id");
CREATE TABLE "user_repo_group_to_perm" (
  "group_to_perm_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "group_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_repo_group_to_perm" PRIMARY KEY ("group_to_perm_id"),
  CONSTRAINT "uq_user_repo_group_to_perm_user_id_group_id_permission_id" UNIQUE ("user_id", "group_id", "permission_id"),
  CONSTRAINT "fk_user_repo_group_to_perm_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_repo_group_to_perm_group_id_repo_groups" FOREIGN KEY ("group_id") REFERENCES "repo_groups" ("group_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_repo_group_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id")
);
CREATE INDEX "ix_user_repo_group_to_perm_group_id" ON "user_repo_group_to_perm" ("group_id");
CREATE INDEX "ix_user_repo_group_to_perm_permission_id" ON "user_repo_group_to_perm" ("permission_id");
CREATE TABLE "user_repo_to_perm" (
  "repo_to_perm_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  "repository_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_repo_to_perm" PRIMARY KEY ("repo_to_perm_id"),
  CONSTRAINT "uq_user_repo_to_perm_user_id_repository_id_permission_id" UNIQUE ("user_id", "repository_id", "permission_id"),
  CONSTRAINT "fk_user_repo_to_perm_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_repo_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id"),
  CONSTRAINT "fk_user_repo_to_perm_repository_id_repositories" FOREIGN KEY ("repository_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_repo_to_perm_permission_id" ON "user_repo_to_perm" ("permission_id");
CREATE INDEX "ix_user_repo_to_perm_repository_id" ON "user_repo_to_perm" ("repository_id");
CREATE TABLE "user_to_perm" (
  "user_to_perm_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "permission_id" INTEGER NOT NULL,
  CONSTRAINT "pk_user_to_perm" PRIMARY KEY ("user_to_perm_id"),
  CONSTRAINT "uq_user_to_perm_user_id_permission_id" UNIQUE ("user_id", "permission_id"),
  CONSTRAINT "fk_user_to_perm_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_to_perm_permission_id_permissions" FOREIGN KEY ("permission_id") REFERENCES "permissions" ("permission_id")
);
CREATE INDEX "ix_user_to_perm_permission_id" ON "user_to_perm" ("permission_id");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000001', 'ca1100000001:1e9fb24f85170077');
COMMIT;

-- upgrade ca1100000001 -> ca1100000002, landing revision, api keys, cache index
BEGIN;
CREATE TABLE "user_api_keys" (
  "user_api_key_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  "api_key" VARCHAR(255) NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "expires" DOUBLE NOT NULL DEFAULT -1,
  "is_expired" BOOLEAN NOT NULL DEFAULT false,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_user_api_keys" PRIMARY KEY ("user_api_key_id"),
  CONSTRAINT "uq_user_api_keys_api_key" UNIQUE ("api_key"),
  CONSTRAINT "fk_user_api_keys_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_api_keys_expires" ON "user_api_keys" ("expires") WHERE (expires <> -1);
CREATE INDEX "ix_user_api_keys_user_id" ON "user_api_keys" ("user_id");
ALTER TABLE "repositories" ADD COLUMN "landing_revision" VARCHAR(255) NOT NULL DEFAULT 'rev:tip';
CREATE INDEX "ix_cache_invalidation_args" ON "cache_invalidation" ("cache_args");
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000002', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2');
COMMIT;

-- upgrade ca1100000002 -> ca1100000003, external authentication replaces ldap_dn
PRAGMA foreign_keys = OFF;
-- warning: column users.ldap_dn is dropped and extern_name added with the same type: if it is a rename, write `renamed from ldap_dn` after extern_name in the model
-- warning: drop column users.ldap_dn: destructive, its values are lost
BEGIN;
ALTER TABLE "users" DROP COLUMN "ldap_dn";
-- warning: alter column users.api_key set not null: fails if existing rows hold null (the column has no default)
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
  "api_key" VARCHAR(255) NOT NULL,
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
ALTER TABLE "users" ADD COLUMN "extern_type" VARCHAR(50);
ALTER TABLE "users" ADD COLUMN "extern_name" VARCHAR(255);
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000003', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

-- upgrade ca1100000003 -> ca1100000004, pull requests, changeset review, notifications, gists
BEGIN;
CREATE TABLE "gists" (
  "gist_id" INTEGER NOT NULL,
  "gist_access_id" VARCHAR(250) NOT NULL,
  "gist_description" TEXT NOT NULL DEFAULT '',
  "owner_id" INTEGER NOT NULL,
  "gist_expires" DOUBLE NOT NULL DEFAULT -1,
  "gist_type" TEXT NOT NULL DEFAULT 'public',
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "modified_at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "acl_level" VARCHAR(128) NOT NULL DEFAULT 'acl_public',
  CONSTRAINT "pk_gists" PRIMARY KEY ("gist_id"),
  CONSTRAINT "uq_gists_gist_access_id" UNIQUE ("gist_access_id"),
  CONSTRAINT "ck_gists_gist_type" CHECK ("gist_type" IN ('public', 'private')),
  CONSTRAINT "fk_gists_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_gists_created_on" ON "gists" ("created_on");
CREATE INDEX "ix_gists_owner_id" ON "gists" ("owner_id");
CREATE TABLE "notifications" (
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
CREATE INDEX "ix_notifications_created_by" ON "notifications" ("created_by");
CREATE INDEX "ix_notifications_type" ON "notifications" ("type");
CREATE TABLE "pull_requests" (
  "pull_request_id" INTEGER NOT NULL,
  "title" VARCHAR(255) NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "status" TEXT NOT NULL DEFAULT 'new',
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "updated_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "owner_id" INTEGER NOT NULL,
  "revisions" TEXT NOT NULL,
  "org_repo_id" INTEGER NOT NULL,
  "org_ref" VARCHAR(255) NOT NULL,
  "other_repo_id" INTEGER NOT NULL,
  "other_ref" VARCHAR(255) NOT NULL,
  CONSTRAINT "pk_pull_requests" PRIMARY KEY ("pull_request_id"),
  CONSTRAINT "ck_pull_requests_pull_request_status" CHECK ("status" IN ('new', 'closed')),
  CONSTRAINT "fk_pull_requests_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("user_id"),
  CONSTRAINT "fk_pull_requests_org_repo_id_repositories" FOREIGN KEY ("org_repo_id") REFERENCES "repositories" ("repo_id"),
  CONSTRAINT "fk_pull_requests_other_repo_id_repositories" FOREIGN KEY ("other_repo_id") REFERENCES "repositories" ("repo_id")
);
CREATE INDEX "ix_pull_requests_org_repo_id" ON "pull_requests" ("org_repo_id");
CREATE INDEX "ix_pull_requests_other_repo_id" ON "pull_requests" ("other_repo_id");
CREATE INDEX "ix_pull_requests_owner_id" ON "pull_requests" ("owner_id");
CREATE TABLE "changeset_comments" (
  "comment_id" INTEGER NOT NULL,
  "repo_id" INTEGER NOT NULL,
  "revision" VARCHAR(40),
  "pull_request_id" INTEGER,
  "line_no" VARCHAR(10),
  "f_path" VARCHAR(1000),
  "author_id" INTEGER NOT NULL,
  "text" TEXT NOT NULL,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "modified_at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  CONSTRAINT "pk_changeset_comments" PRIMARY KEY ("comment_id"),
  CONSTRAINT "ck_changeset_comments_target" CHECK ((revision is null) <> (pull_request_id is null)),
  CONSTRAINT "fk_changeset_comments_repo_id_repositories" FOREIGN KEY ("repo_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_comments_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_comments_author_id_users" FOREIGN KEY ("author_id") REFERENCES "users" ("user_id")
);
CREATE INDEX "ix_changeset_comments_author_id" ON "changeset_comments" ("author_id");
CREATE INDEX "ix_changeset_comments_pull_request_id" ON "changeset_comments" ("pull_request_id");
CREATE INDEX "ix_changeset_comments_repo_id" ON "changeset_comments" ("repo_id");
CREATE INDEX "ix_changeset_comments_revision" ON "changeset_comments" ("revision");
CREATE TABLE "changeset_statuses" (
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
  CONSTRAINT "fk_changeset_statuses_repo_id_repositories" FOREIGN KEY ("repo_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id"),
  CONSTRAINT "fk_changeset_statuses_changeset_comment_id_changeset_comments" FOREIGN KEY ("changeset_comment_id") REFERENCES "changeset_comments" ("comment_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE
);
CREATE INDEX "ix_changeset_statuses_changeset_comment_id" ON "changeset_statuses" ("changeset_comment_id");
CREATE INDEX "ix_changeset_statuses_current" ON "changeset_statuses" ("repo_id", "revision") WHERE (version = 0);
CREATE INDEX "ix_changeset_statuses_pull_request_id" ON "changeset_statuses" ("pull_request_id");
CREATE INDEX "ix_changeset_statuses_revision" ON "changeset_statuses" ("revision");
CREATE INDEX "ix_changeset_statuses_user_id" ON "changeset_statuses" ("user_id");
CREATE TABLE "pull_request_reviewers" (
  "pull_request_reviewers_id" INTEGER NOT NULL,
  "pull_request_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  CONSTRAINT "pk_pull_request_reviewers" PRIMARY KEY ("pull_request_reviewers_id"),
  CONSTRAINT "fk_pull_request_reviewers_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE,
  CONSTRAINT "fk_pull_request_reviewers_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
CREATE INDEX "ix_pull_request_reviewers_pull_request_id" ON "pull_request_reviewers" ("pull_request_id");
CREATE TABLE "user_to_notification" (
  "user_id" INTEGER NOT NULL,
  "notification_id" INTEGER NOT NULL,
  "read" BOOLEAN NOT NULL DEFAULT false,
  "sent_on" TIMESTAMP,
  CONSTRAINT "pk_user_to_notification" PRIMARY KEY ("user_id", "notification_id"),
  CONSTRAINT "fk_user_to_notification_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_user_to_notification_notification_id_notifications" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("notification_id") ON DELETE CASCADE
);
CREATE INDEX "ix_user_to_notification_notification_id" ON "user_to_notification" ("notification_id");
CREATE INDEX "ix_user_to_notification_unread" ON "user_to_notification" ("user_id") WHERE (not read);
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000004', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a ca1100000004:3a1259e854211df8');
COMMIT;

-- upgrade ca1100000004 -> ca1100000005, review: under_review status, one review per user
PRAGMA foreign_keys = OFF;
BEGIN;
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
  CONSTRAINT "ck_changeset_statuses_changeset_status" CHECK ("status" IN ('not_reviewed', 'approved', 'rejected', 'under_review')),
  CONSTRAINT "fk_changeset_statuses_repo_id_repositories" FOREIGN KEY ("repo_id") REFERENCES "repositories" ("repo_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id"),
  CONSTRAINT "fk_changeset_statuses_changeset_comment_id_changeset_comments" FOREIGN KEY ("changeset_comment_id") REFERENCES "changeset_comments" ("comment_id") ON DELETE CASCADE,
  CONSTRAINT "fk_changeset_statuses_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE
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
CREATE TABLE "_retort_new_notifications" (
  "notification_id" INTEGER NOT NULL,
  "subject" VARCHAR(512) NOT NULL,
  "body" TEXT,
  "created_by" INTEGER,
  "created_on" TIMESTAMP NOT NULL DEFAULT current_timestamp,
  "type" TEXT NOT NULL DEFAULT 'message',
  CONSTRAINT "pk_notifications" PRIMARY KEY ("notification_id"),
  CONSTRAINT "ck_notifications_notification_type" CHECK ("type" IN ('cs_comment', 'pull_request', 'pull_request_comment', 'registration', 'message')),
  CONSTRAINT "fk_notifications_created_by_users" FOREIGN KEY ("created_by") REFERENCES "users" ("user_id") ON DELETE SET NULL
);
INSERT INTO "_retort_new_notifications" ("notification_id", "subject", "body", "created_by", "created_on", "type") SELECT "notification_id", "subject", "body", "created_by", "created_on", "type" FROM "notifications";
DROP TABLE "notifications";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_notifications" RENAME TO "notifications";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_notifications_created_by" ON "notifications" ("created_by");
CREATE INDEX "ix_notifications_type" ON "notifications" ("type");
CREATE TABLE "_retort_new_pull_request_reviewers" (
  "pull_request_reviewers_id" INTEGER NOT NULL,
  "pull_request_id" INTEGER NOT NULL,
  "user_id" INTEGER NOT NULL,
  CONSTRAINT "pk_pull_request_reviewers" PRIMARY KEY ("pull_request_reviewers_id"),
  CONSTRAINT "uq_pull_request_reviewers_user_pull_request" UNIQUE ("user_id", "pull_request_id"),
  CONSTRAINT "fk_pull_request_reviewers_pull_request_id_pull_requests" FOREIGN KEY ("pull_request_id") REFERENCES "pull_requests" ("pull_request_id") ON DELETE CASCADE,
  CONSTRAINT "fk_pull_request_reviewers_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE
);
INSERT INTO "_retort_new_pull_request_reviewers" ("pull_request_reviewers_id", "pull_request_id", "user_id") SELECT "pull_request_reviewers_id", "pull_request_id", "user_id" FROM "pull_request_reviewers";
DROP TABLE "pull_request_reviewers";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_retort_new_pull_request_reviewers" RENAME TO "pull_request_reviewers";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pull_request_reviewers_pull_request_id" ON "pull_request_reviewers" ("pull_request_id");
CREATE INDEX "ix_pull_requests_open" ON "pull_requests" ("updated_on" DESC) WHERE (status = 'new');
DELETE FROM "retort_version";
INSERT INTO "retort_version" (version_num, checksums) VALUES ('ca1100000005', 'ca1100000001:1e9fb24f85170077 ca1100000002:3dd89d7e4be60bf2 ca1100000003:f8599bfbdc33709a ca1100000004:3a1259e854211df8 ca1100000005:ba78ce025e5a7f37');
PRAGMA foreign_key_check;
CREATE TEMP TABLE "_retort_fk_check" (n INTEGER CONSTRAINT "foreign_key_violations" CHECK (n = 0));
INSERT INTO "_retort_fk_check" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_retort_fk_check";
COMMIT;
PRAGMA foreign_keys = ON;

