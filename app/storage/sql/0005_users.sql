-- Min röst team server, schema version 5: the team's staff, from sign-in.
-- A user is one person at the municipality's identity provider (issuer +
-- subject) in one team; id is the app's own opaque id for them (audit rows
-- name it). Staff data, no child data; the same row-level security on
-- app.team. The auditor may read it to show names beside audit rows.

CREATE TABLE users (
    team_id   text NOT NULL CHECK (team_id <> ''),
    id        text NOT NULL CHECK (id <> ''),
    issuer    text NOT NULL,
    subject   text NOT NULL,
    name      text NOT NULL DEFAULT '',
    role      text NOT NULL CHECK (role IN ('counsellor', 'admin')),
    last_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, id),
    UNIQUE (team_id, issuer, subject)
);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY team_only ON users
    USING (team_id = current_setting('app.team', true))
    WITH CHECK (team_id = current_setting('app.team', true));

REVOKE ALL ON users FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON users TO minrost_app;
GRANT SELECT ON users TO minrost_auditor;
