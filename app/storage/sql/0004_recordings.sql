-- Min röst team server, schema version 4: the child's recorded voices (#17).
-- A recording belongs to the child (erased with it). The text it replaces is
-- found by a hash; the description and the audio are sealed with the child's
-- data key like every record. Same row-level security and grants.

CREATE TABLE recordings (
    team_id   text NOT NULL,
    child_id  text NOT NULL,
    language  text NOT NULL,
    text_hash text NOT NULL,
    info      bytea NOT NULL,
    audio     bytea NOT NULL,
    PRIMARY KEY (team_id, child_id, language, text_hash),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE
);

ALTER TABLE recordings ENABLE ROW LEVEL SECURITY;
ALTER TABLE recordings FORCE ROW LEVEL SECURITY;
CREATE POLICY team_only ON recordings
    USING (team_id = current_setting('app.team', true))
    WITH CHECK (team_id = current_setting('app.team', true));

REVOKE ALL ON recordings FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON recordings TO minrost_app;
