-- Min röst team server, schema version 2: a role that reads the audit.
-- Loggkontroll: the team's auditor (team lead, the municipality's log
-- reviewer) searches the audit by child and by user. The app's role still
-- may only insert; the auditor may only read, and only its team's rows
-- (the same row-level security policy on app.team).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minrost_auditor') THEN
        CREATE ROLE minrost_auditor LOGIN;
    END IF;
END
$$;

GRANT SELECT ON audit TO minrost_auditor;
