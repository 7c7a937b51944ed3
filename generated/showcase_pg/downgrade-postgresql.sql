-- retort downgrade head:base (postgresql)

-- downgrade 5ca9e0000004 -> 5ca9e0000003, watchers; tags required
BEGIN;
DROP VIEW "audit"."recent_errors";
-- warning: drop table watchers: destructive, its rows are lost
DROP TABLE "watchers";
ALTER TABLE "audit"."events" ALTER COLUMN "tags" DROP NOT NULL;
CREATE VIEW "audit"."recent_errors" AS 
  select id, at, actor from audit.events where severity = 'error' and at > now() - interval '1 day';
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca9e0000003', '5ca9e0000001:03a38cc1e0ce997c 5ca9e0000002:d43ddad51aca2a15 5ca9e0000003:ab9ec00ad1c6c30e');
COMMIT;

-- downgrade 5ca9e0000003 -> 5ca9e0000002, warning severity, duration, index on warnings
BEGIN;
DROP VIEW "audit"."recent_errors";
DROP INDEX "audit"."ix_events_at";
-- warning: enum audit.severity: value 'warning' is removed: the type is rebuilt, and rows holding it make the downgrade fail (fix them first with an `execute`)
ALTER TYPE "audit"."severity" RENAME TO "severity_old";
CREATE TYPE "audit"."severity" AS ENUM ('debug', 'info', 'error');
ALTER TABLE "audit"."events" ALTER COLUMN "severity" DROP DEFAULT;
ALTER TABLE "audit"."events" ALTER COLUMN "severity" TYPE "audit"."severity" USING ("severity"::text::"audit"."severity");
ALTER TABLE "audit"."events" ALTER COLUMN "severity" SET DEFAULT 'info';
DROP INDEX "audit"."ix_events_actor_hash";
-- warning: drop column audit.events.duration: destructive, its values are lost
ALTER TABLE "audit"."events" DROP COLUMN "duration";
DROP TYPE "audit"."severity_old";
CREATE VIEW "audit"."recent_errors" AS 
  select id, at, actor from audit.events where severity = 'error' and at > now() - interval '1 day';
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca9e0000002', '5ca9e0000001:03a38cc1e0ce997c 5ca9e0000002:d43ddad51aca2a15');
COMMIT;

-- downgrade 5ca9e0000002 -> 5ca9e0000001, event links and the recent errors view
BEGIN;
DROP VIEW "audit"."recent_errors";
-- warning: drop table audit.event_links: destructive, its rows are lost
DROP TABLE "audit"."event_links";
DELETE FROM "public"."retort_version";
INSERT INTO "public"."retort_version" (version_num, checksums) VALUES ('5ca9e0000001', '5ca9e0000001:03a38cc1e0ce997c');
COMMIT;

-- downgrade 5ca9e0000001 -> <base>, audit events
-- warning: drop table audit.events: destructive, its rows are lost
BEGIN;
DROP TABLE "audit"."events";
DROP TYPE "audit"."severity";
DELETE FROM "public"."retort_version";
COMMIT;

