-- Append-only audit rows (docs/audit-integrity.md). The role that runs Flyway owns the schema (the
-- owner); the service itself works as governed_app, which may only INSERT and SELECT audit rows.
-- Roles are cluster-wide and several databases may run this concurrently, hence the guards.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'governed_app') THEN
        -- NOLOGIN: the service logs in as its own user and SET ROLEs to this one (see the README).
        CREATE ROLE governed_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created meanwhile by the same migration in another database
END
$$;

GRANT USAGE ON SCHEMA governed TO governed_app;
-- Everything else in the schema is ordinary application data, now and in later migrations.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA governed TO governed_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA governed TO governed_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA governed GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO governed_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA governed GRANT USAGE, SELECT ON SEQUENCES TO governed_app;
REVOKE ALL ON governed."${flyway:table}" FROM governed_app;

-- The audit rows: insert and read, nothing else.
REVOKE ALL ON governed.audit_event, governed.audit_checkpoint, governed.audit_checkpoint_head,
    governed.audit_retention_anchor, governed.audit_chain_head, governed.action FROM governed_app;
GRANT SELECT, INSERT ON governed.audit_event, governed.audit_checkpoint, governed.audit_checkpoint_head
    TO governed_app;
GRANT SELECT ON governed.audit_retention_anchor TO governed_app;
-- The list row and the chain heads are upserted by the writer, never deleted by the service.
GRANT SELECT, INSERT, UPDATE ON governed.action, governed.audit_chain_head TO governed_app;

-- Triggers refuse changes even to the owner, who could otherwise grant itself anything: an owner who
-- disables them leaves a broken hash chain behind. The one exception is retention, which the owner
-- declares with SET LOCAL governed.audit_retention = 'on' and which only deletes audit_event rows.
CREATE FUNCTION governed.refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_event'
        AND current_setting('governed.audit_retention', true) = 'on'
        AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'governed.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit rows are never changed; old events leave only through the retention job.';
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON governed.audit_event
    FOR EACH ROW EXECUTE FUNCTION governed.refuse_audit_change();
-- TRUNCATE fires no row triggers: it needs its own statement trigger.
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON governed.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION governed.refuse_audit_change();

CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON governed.audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION governed.refuse_audit_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON governed.audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION governed.refuse_audit_change();

CREATE TRIGGER audit_checkpoint_head_append_only BEFORE UPDATE OR DELETE ON governed.audit_checkpoint_head
    FOR EACH ROW EXECUTE FUNCTION governed.refuse_audit_change();
CREATE TRIGGER audit_checkpoint_head_no_truncate BEFORE TRUNCATE ON governed.audit_checkpoint_head
    FOR EACH STATEMENT EXECUTE FUNCTION governed.refuse_audit_change();

CREATE TRIGGER audit_retention_anchor_append_only BEFORE UPDATE OR DELETE ON governed.audit_retention_anchor
    FOR EACH ROW EXECUTE FUNCTION governed.refuse_audit_change();
CREATE TRIGGER audit_retention_anchor_no_truncate BEFORE TRUNCATE ON governed.audit_retention_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION governed.refuse_audit_change();
