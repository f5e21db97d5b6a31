-- Min röst team server, schema version 1.
-- Run by app.storage.postgres.migrate as the owner of the database (never as
-- the app's role). Every table with children's data carries team_id and is
-- guarded by row-level security on current_setting('app.team'); the app's
-- role owns nothing, so it cannot switch RLS off or bypass it.

CREATE TABLE children (
    team_id text NOT NULL CHECK (team_id <> ''),
    id      text NOT NULL,
    payload bytea NOT NULL,           -- the child document, AES-GCM, child key
    PRIMARY KEY (team_id, id)
);

CREATE TABLE child_keys (
    team_id  text NOT NULL,
    child_id text NOT NULL,
    wrapped  bytea NOT NULL,          -- the child's data key, wrapped by the master key
    PRIMARY KEY (team_id, child_id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

CREATE TABLE sessions (
    team_id  text NOT NULL,
    child_id text NOT NULL,
    id       text NOT NULL,
    revision integer NOT NULL CHECK (revision > 0),   -- compare-and-set counter
    payload  bytea NOT NULL,
    PRIMARY KEY (team_id, child_id, id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

CREATE TABLE plans (
    team_id  text NOT NULL,
    child_id text NOT NULL,
    payload  bytea NOT NULL,
    PRIMARY KEY (team_id, child_id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

CREATE TABLE meetings (
    team_id    text NOT NULL,
    child_id   text NOT NULL,
    session_id text NOT NULL,
    payload    bytea NOT NULL,
    PRIMARY KEY (team_id, child_id, session_id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

-- No child data: PIN attempts, idle time, retention. Plain JSON, per team.
CREATE TABLE settings (
    team_id text NOT NULL CHECK (team_id <> ''),
    key     text NOT NULL,
    value   jsonb,
    PRIMARY KEY (team_id, key)
);

-- The session each device (a browser's hashed device secret) shows a child:
-- ids only, no answers; many tablets of a team in child mode at once.
CREATE TABLE active_sessions (
    team_id    text NOT NULL CHECK (team_id <> ''),
    device     text NOT NULL,
    child_id   text NOT NULL,
    session_id text NOT NULL,
    since      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, device)
);

-- Who did what to which child: append-only for the app's role.
CREATE TABLE audit (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id  text NOT NULL CHECK (team_id <> ''),
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    action   text NOT NULL,
    child_id text
);
CREATE INDEX audit_by_child ON audit (team_id, child_id, at);
CREATE INDEX audit_by_actor ON audit (team_id, actor, at);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['children', 'child_keys', 'sessions', 'plans',
                             'meetings', 'settings', 'active_sessions', 'audit']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- missing_ok: with no team set the setting is NULL or '', and no
        -- team_id equals either, so nothing is visible and nothing can be added.
        EXECUTE format(
            'CREATE POLICY team_only ON %I USING (team_id = current_setting(''app.team'', true)) '
            'WITH CHECK (team_id = current_setting(''app.team'', true))', t);
    END LOOP;
END
$$;

REVOKE ALL ON children, child_keys, sessions, plans, meetings, settings,
              active_sessions, audit FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE
    ON children, child_keys, sessions, plans, meetings, settings, active_sessions
    TO minrost_app;
-- Audit: insert only. No SELECT (so no INSERT … RETURNING either), no UPDATE,
-- no DELETE, no TRUNCATE: what was logged stays logged.
GRANT INSERT ON audit TO minrost_app;
