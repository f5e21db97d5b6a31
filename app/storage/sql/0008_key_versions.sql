-- Min röst team server, schema version 8: which master key wrapped each
-- child's data key, so the master key can be rotated (`python -m app
-- rotate-master-key`) while every child stays readable.
--
-- key_id names a master key, never holds it: 'local:<fingerprint>' for a key
-- in the app's memory (environment, key file, systemd credential) or
-- 'pkcs11:<token>/<key label>' for a key inside an HSM. Rows wrapped before
-- this version have no key id (NULL); the app tries the configured keys on
-- them and the rotation gives each one its id.

ALTER TABLE child_keys ADD COLUMN key_id text CHECK (key_id <> '');
CREATE INDEX child_keys_by_key ON child_keys (key_id);

-- The rotation lists the teams whose keys are not yet under the new master
-- key as the owner of the tables (then rewraps each team's keys as the app's
-- role, one team per transaction). FORCE ROW LEVEL SECURITY holds for the
-- owner too, so the owner may read this one table across teams. It adds no
-- power: the owner could switch row-level security off on its own table, and
-- child_keys holds only wrapped keys and ids. The app's role is unchanged.
DO $$
BEGIN
    EXECUTE format(
        'CREATE POLICY owner_lists_keys ON child_keys FOR SELECT TO %I USING (true)',
        (SELECT tableowner FROM pg_tables
          WHERE tablename = 'child_keys' AND schemaname = current_schema()));
END
$$;
