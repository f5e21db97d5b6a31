-- Min röst team server, schema version 6: who on a team may see which child.
--
-- Assigned counsellors + break-glass (docs/team-server.md §3). A child's rows
-- are visible to the app's role only within the team (app.team) AND to the
-- user named by app.user when that user is assigned to the child
-- (case_access) or holds a break-glass grant open now (break_glass: a stated
-- reason, at most 12 hours). No user set: nothing. The user's role (admin or
-- counsellor) is read here from `users`, never from a value the app sets, so
-- the app has no "see everything" value to set by mistake.
--
-- An admin assigns counsellors: it sees the team's children's documents
-- (`children` and `child_keys`: the name or initials, the case reference and
-- the date added — what assigning needs) but none of their sessions, plans,
-- meeting sheets, consents or recordings unless assigned itself.
--
-- Administrator commands (move-in, move-out) connect as a role of their own,
-- minrost_operator: the whole team, like the app before this migration. It
-- owns nothing and cannot bypass the policies either; the app's role is not a
-- member of it, so the web app cannot become it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minrost_operator') THEN
        CREATE ROLE minrost_operator LOGIN;
    END IF;
END
$$;

-- 'app' names administrator commands in the audit; no user may be called so.
ALTER TABLE users ADD CONSTRAINT users_id_is_not_app CHECK (id <> 'app');

-- The user this transaction acts for ('' or unset: nobody).
CREATE FUNCTION minrost_user() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.user', true), '') $$;

CREATE TABLE case_access (
    team_id     text NOT NULL,
    child_id    text NOT NULL,
    user_id     text NOT NULL,
    assigned_by text NOT NULL,        -- a user id, or 'app' (an administrator command)
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, child_id, user_id),
    FOREIGN KEY (team_id, child_id) REFERENCES children ON DELETE CASCADE,
    FOREIGN KEY (team_id, user_id) REFERENCES users ON DELETE CASCADE
);
CREATE INDEX case_access_by_user ON case_access (team_id, user_id);

-- A grant outlives the child (loggkontroll reads it with the audit): no
-- foreign key to children. The reason is kept here, not in the audit rows.
CREATE TABLE break_glass (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id  text NOT NULL CHECK (team_id <> ''),
    child_id text NOT NULL,
    user_id  text NOT NULL,
    reason   text NOT NULL CHECK (length(btrim(reason)) >= 20),
    since    timestamptz NOT NULL DEFAULT now(),
    until    timestamptz NOT NULL,
    CHECK (until > since AND until <= since + interval '12 hours'),
    FOREIGN KEY (team_id, user_id) REFERENCES users
);
CREATE INDEX break_glass_open ON break_glass (team_id, child_id, user_id, until);
CREATE INDEX break_glass_by_user ON break_glass (team_id, user_id, since);

-- Whether the user is the team's admin (the repository asks; the policies
-- below write the same test out).
CREATE FUNCTION minrost_is_admin(team text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
        SELECT EXISTS (SELECT 1 FROM users u
                       WHERE u.team_id = team AND u.id = minrost_user()
                         AND u.role = 'admin')
    $$;

-- The user who adds a child is assigned to it, in the same transaction. A
-- trigger (as the owner) rather than a policy letting users assign
-- themselves: otherwise a counsellor could assign themselves to any child
-- that has no counsellor.
CREATE FUNCTION minrost_assign_adder() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    BEGIN
        IF minrost_user() IS NOT NULL AND EXISTS (
            SELECT 1 FROM users u WHERE u.team_id = NEW.team_id AND u.id = minrost_user()
        ) THEN
            INSERT INTO case_access (team_id, child_id, user_id, assigned_by)
            VALUES (NEW.team_id, NEW.id, minrost_user(), minrost_user())
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END
    $$;
REVOKE ALL ON FUNCTION minrost_assign_adder() FROM PUBLIC;
CREATE TRIGGER assign_adder AFTER INSERT ON children
    FOR EACH ROW EXECUTE FUNCTION minrost_assign_adder();

-- *Bara för mig*: who held the session (the user who saved it first). Set by
-- the database, never updated by the app.
ALTER TABLE sessions ADD COLUMN held_by text DEFAULT nullif(current_setting('app.user', true), '');
REVOKE UPDATE ON sessions FROM minrost_app;
GRANT UPDATE (payload, revision) ON sessions TO minrost_app;

-- The policies. Their expressions are written out, not called as SQL
-- functions: PostgreSQL inlines a SQL function into a query only when it
-- holds no subquery, and a function run once per row made listing 500
-- children ~30x slower. As written, no subquery depends on the row, so each
-- runs once per statement (a hashed subplan or an InitPlan).
--   team   the row is the team's (app.team)
--   sees   the user (app.user) is assigned to the child, or holds a
--          break-glass grant open now
--   admin  the user is the team's admin (read from users, never from the app)
--   member the user is in the team
DO $$
DECLARE
    t text;
    col text;
    sees text;
    team constant text := 'team_id = current_setting(''app.team'', true)';
    admin constant text :=
        'EXISTS (SELECT 1 FROM users u WHERE u.team_id = current_setting(''app.team'', true)'
        ' AND u.id = minrost_user() AND u.role = ''admin'')';
    member constant text :=
        'EXISTS (SELECT 1 FROM users u WHERE u.team_id = current_setting(''app.team'', true)'
        ' AND u.id = minrost_user())';
BEGIN
    -- The child-data tables: "the whole team" becomes "assigned or
    -- break-glass" for the app's role; the operator keeps the whole team.
    FOREACH t IN ARRAY ARRAY['children', 'child_keys', 'sessions', 'plans',
                             'meetings', 'consents', 'recordings']
    LOOP
        col := CASE WHEN t = 'children' THEN 'id' ELSE 'child_id' END;
        sees := format(
            '(%s AND (EXISTS (SELECT 1 FROM case_access a'
            ' WHERE a.team_id = %I.team_id AND a.child_id = %I.%I AND a.user_id = minrost_user())'
            ' OR EXISTS (SELECT 1 FROM break_glass g'
            ' WHERE g.team_id = %I.team_id AND g.child_id = %I.%I AND g.user_id = minrost_user()'
            ' AND g.since <= now() AND now() < g.until)))',
            team, t, t, col, t, t, col);
        EXECUTE format('DROP POLICY team_only ON %I', t);
        EXECUTE format('CREATE POLICY operator_team ON %I TO minrost_operator'
                       ' USING (%s) WITH CHECK (%s)', t, team, team);
        IF t IN ('children', 'child_keys') THEN
            -- The admin reads the child's document (name, case reference,
            -- date added) and the key to open it, to assign counsellors.
            EXECUTE format('CREATE POLICY user_reads ON %I FOR SELECT TO minrost_app'
                           ' USING (%s OR (%s AND %s))', t, sees, team, admin);
            EXECUTE format('CREATE POLICY user_changes ON %I FOR UPDATE TO minrost_app'
                           ' USING (%s) WITH CHECK (%s)', t, sees, sees);
            EXECUTE format('CREATE POLICY user_erases ON %I FOR DELETE TO minrost_app'
                           ' USING (%s)', t, sees);
        ELSE
            EXECUTE format('CREATE POLICY assigned_or_break_glass ON %I TO minrost_app'
                           ' USING (%s) WITH CHECK (%s)', t, sees, sees);
        END IF;
        IF t = 'child_keys' THEN
            -- The new child's key, once the trigger has assigned the adder.
            EXECUTE format('CREATE POLICY user_adds ON child_keys FOR INSERT TO minrost_app'
                           ' WITH CHECK (%s)', sees);
        END IF;
    END LOOP;
    -- Any member of the team adds a child (the trigger assigns them).
    EXECUTE format('CREATE POLICY user_adds ON children FOR INSERT TO minrost_app'
                   ' WITH CHECK (%s AND %s)', team, member);

    -- Assignments: a user sees their own; the admin sees and changes the
    -- team's. ENABLE without FORCE: the owner's trigger records the adder.
    ALTER TABLE case_access ENABLE ROW LEVEL SECURITY;
    EXECUTE format('CREATE POLICY own_or_admin ON case_access FOR SELECT TO minrost_app'
                   ' USING (%s AND (user_id = minrost_user() OR %s))', team, admin);
    EXECUTE format('CREATE POLICY admin_assigns ON case_access FOR INSERT TO minrost_app'
                   ' WITH CHECK (%s AND %s AND assigned_by = minrost_user())', team, admin);
    EXECUTE format('CREATE POLICY admin_unassigns ON case_access FOR DELETE TO minrost_app'
                   ' USING (%s AND %s)', team, admin);
    EXECUTE format('CREATE POLICY operator_team ON case_access TO minrost_operator'
                   ' USING (%s) WITH CHECK (%s AND assigned_by = ''app'')', team, team);
    EXECUTE format('CREATE POLICY team_only ON case_access FOR SELECT TO minrost_auditor'
                   ' USING (%s)', team);

    -- Break-glass grants: a user opens one for themselves, starting now (the
    -- CHECK keeps it at most 12 hours); nobody in the app may change or
    -- delete one. A user sees their own, the admin the team's.
    ALTER TABLE break_glass ENABLE ROW LEVEL SECURITY;
    ALTER TABLE break_glass FORCE ROW LEVEL SECURITY;
    EXECUTE format('CREATE POLICY own_or_admin ON break_glass FOR SELECT TO minrost_app'
                   ' USING (%s AND (user_id = minrost_user() OR %s))', team, admin);
    EXECUTE format('CREATE POLICY own_grant ON break_glass FOR INSERT TO minrost_app'
                   ' WITH CHECK (%s AND user_id = minrost_user() AND %s AND since = now())',
                   team, member);
    EXECUTE format('CREATE POLICY team_only ON break_glass FOR SELECT TO minrost_auditor'
                   ' USING (%s)', team);
END
$$;

REVOKE ALL ON case_access, break_glass FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON case_access TO minrost_app;
GRANT SELECT, INSERT ON break_glass TO minrost_app;
GRANT SELECT ON case_access, break_glass TO minrost_auditor;

GRANT SELECT, INSERT, UPDATE, DELETE
    ON children, child_keys, sessions, plans, meetings, consents, recordings,
       settings, active_sessions, case_access
    TO minrost_operator;
GRANT SELECT ON users, schema_migrations TO minrost_operator;
GRANT INSERT ON audit TO minrost_operator;
