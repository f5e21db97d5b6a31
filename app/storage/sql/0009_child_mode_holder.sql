-- Min röst team server, schema version 9: who handed a tablet to the child.
-- With assigned counsellors (schema 6) the app's role sees a child only as a
-- signed-in user; a tablet in child mode has nobody signed in (handing over
-- signs the counsellor out, a reload starts a new session). It works on as
-- the counsellor who handed it over — only the child's own session, which the
-- child screens are limited to — and the audit names that counsellor.

ALTER TABLE active_sessions ADD COLUMN held_by text CHECK (held_by <> '');
