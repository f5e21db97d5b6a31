-- Min röst team server, schema version 7: what loggkontroll needs (#22).
-- Reads are logged as well as changes, exports name their recipient, the
-- admin view searches by period, and the retention job (run as the owner)
-- removes rows older than the retention. Still ids only: no name, no answer.

-- What was read or changed beyond the child: a session id, a setting's key,
-- an export's format ("pdf", "json", "text", "sheet:after"…). Never free text.
ALTER TABLE audit ADD COLUMN detail text;
-- Who an export went to (a Recipient value; "other" for a named other
-- recipient, whose name is not kept here).
ALTER TABLE audit ADD COLUMN recipient text;

-- Search by period for the whole team, and the retention job's scan.
CREATE INDEX audit_by_time ON audit (team_id, at);
CREATE INDEX audit_at ON audit (at);

-- Retention: the owner (the database's DBA role, who runs
-- `python -m app prune-audit`) removes old rows. FORCE ROW LEVEL SECURITY
-- holds for the owner too, and the job spans every team, so the owner gets
-- its own policies. They add nothing the owner did not already have (it may
-- switch the table's policies off), and no other role is a member of the
-- owner: the app's role still has no DELETE grant, the auditor no DELETE and
-- still only its team's rows.
CREATE POLICY owner_reads_all ON audit FOR SELECT
    USING (pg_has_role(current_user,
        (SELECT relowner FROM pg_class WHERE oid = 'audit'::regclass), 'MEMBER'));
CREATE POLICY owner_prunes ON audit FOR DELETE
    USING (pg_has_role(current_user,
        (SELECT relowner FROM pg_class WHERE oid = 'audit'::regclass), 'MEMBER'));
