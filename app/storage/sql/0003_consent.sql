-- Min röst team server, schema version 3: the family's consent belongs to the
-- child (#19), with its history, not to one session. One encrypted document
-- per child, like the plan; the same row-level security and grants.

CREATE TABLE consents (
    team_id  text NOT NULL,
    child_id text NOT NULL,
    payload  bytea NOT NULL,
    PRIMARY KEY (team_id, child_id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY team_only ON consents
    USING (team_id = current_setting('app.team', true))
    WITH CHECK (team_id = current_setting('app.team', true));

REVOKE ALL ON consents FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON consents TO minrost_app;
