"""PostgreSQL's side of the queue rules: the functions and triggers every Antre store on
PostgreSQL carries (migration 0002 creates them; ``antre init`` and ``antre db roles``
re-create them, so a fix here reaches existing stores). The station roles' grants live in
:mod:`shared.pgroles`; this module holds only SQL text and is imported by the migration,
the event feed and the rules alike.

What they make impossible, whatever SQL a station sends:

- **Numbers, codes, days and times come from the server.** ``antre_issue_ticket`` (before
  every ticket insert) takes the day's next number from ``day_sequence`` as the table's owner,
  refuses a number past the service's quota (SQLSTATE ``AQ001``), writes the code (prefix +
  at least three digits) and, for a station, the business day and issue time from the
  server's clock. A station has no right on ``day_sequence`` at all. The owner (the admin,
  and the tests that set the time) may give its own day and time.
- **Only the writers take the event-ordering lock** (``antre_event_turn``): a row lock on
  ``event_turn``, which no station may lock itself; the display cannot even call it. It
  replaces a transaction-level advisory lock, which any role could take and hold.
- **A station moves a ticket only along the rules' transitions** (``antre_ticket_moves``,
  the pairs from :mod:`shared.rules.states`) and its stamps (called, started, finished,
  queued) carry the server's time. A station may set the business day only to the server's
  day, and never back.
- **Log-ins without reading a password hash**: ``antre_login_salt`` gives the salt and cost
  of a user's argon2 hash (or, for a username that does not exist, a stand-in derived from a
  secret, so both look and cost the same), the station computes the hash of what was typed,
  and ``antre_login`` compares it and keeps the failure count and the lock-out.

Every function is ``SECURITY DEFINER`` (it runs as the tables' owner) with a fixed
``search_path``, and is callable only by the roles :mod:`shared.pgroles` grants.
"""

from __future__ import annotations

QUOTA_SQLSTATE = "AQ001"
"""Raised by the issue trigger when a service's quota for the day is used up."""

# Whether the session's login role is trusted with its own times: the tables' owner (the
# admin) or a superuser. Stations are neither.
_TRUSTED = (
    "(SELECT r.rolsuper OR r.rolname = t.tableowner FROM pg_catalog.pg_roles r, pg_catalog.pg_tables t "
    "WHERE r.rolname = session_user AND t.schemaname = '{schema}' AND t.tablename = 'ticket')"
)


def _code(number: str) -> str:
    """The ticket code's digits as Python writes them (``f"{n:03d}"``): lpad would cut 1000."""
    return f"CASE WHEN {number} < 1000 THEN lpad({number}::text, 3, '0') ELSE {number}::text END"


def statements(schema: str, transitions: frozenset[tuple[str, str]]) -> list[str]:
    """Create or replace every function and trigger, in schema ``schema``. ``transitions``
    are the (from, to) ticket states the rules allow (:data:`shared.rules.states.TRANSITIONS`)."""
    trusted = _TRUSTED.format(schema=schema)
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    pairs = ", ".join(f"('{a}', '{b}')" for a, b in sorted(transitions))
    return [
        # --- the event-ordering lock ------------------------------------------------------
        f"CREATE OR REPLACE FUNCTION antre_event_turn() RETURNS void LANGUAGE plpgsql {definer} AS $$ "
        "BEGIN PERFORM 1 FROM event_turn WHERE id = 1 FOR UPDATE; END $$",
        "REVOKE ALL ON FUNCTION antre_event_turn() FROM PUBLIC",
        # --- issuing ------------------------------------------------------------------------
        f"CREATE OR REPLACE FUNCTION antre_issue_ticket() RETURNS trigger LANGUAGE plpgsql {definer} AS $$ "
        "DECLARE svc record; station boolean; n integer; BEGIN "
        f"station := NOT coalesce({trusted}, false); "
        "IF station THEN "
        "  NEW.issued_at := now() AT TIME ZONE 'UTC'; NEW.queued_at := NEW.issued_at; "
        "  NEW.business_day := (now() AT TIME ZONE (SELECT timezone FROM site WHERE id = 1))::date; "
        "  NEW.service_id := NEW.issued_service_id; "
        "END IF; "
        "IF station OR NEW.number IS NULL THEN "
        "  SELECT prefix, quota INTO svc FROM service WHERE id = NEW.issued_service_id AND active; "
        "  IF NOT FOUND THEN RAISE EXCEPTION 'layanan tidak aktif' USING ERRCODE = '42501'; END IF; "
        "  INSERT INTO day_sequence AS s (service_id, business_day, last_number) "
        "  VALUES (NEW.issued_service_id, NEW.business_day, 1) "
        "  ON CONFLICT (service_id, business_day) DO UPDATE SET last_number = s.last_number + 1 "
        "  RETURNING last_number INTO n; "
        "  IF svc.quota IS NOT NULL AND n > svc.quota THEN "
        f"    RAISE EXCEPTION 'kuota habis' USING ERRCODE = '{QUOTA_SQLSTATE}'; END IF; "
        f"  NEW.number := n; NEW.code := svc.prefix || {_code('n')}; "
        "END IF; RETURN NEW; END $$",
        "REVOKE ALL ON FUNCTION antre_issue_ticket() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS antre_stamp_ticket ON ticket",
        "DROP FUNCTION IF EXISTS antre_stamp_ticket()",
        "DROP TRIGGER IF EXISTS antre_issue_ticket ON ticket",
        "CREATE TRIGGER antre_issue_ticket BEFORE INSERT ON ticket "
        "FOR EACH ROW EXECUTE FUNCTION antre_issue_ticket()",
        # A day's number only moves forward, one at a time, whoever writes it.
        "CREATE OR REPLACE FUNCTION antre_number_moves_forward() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.service_id <> OLD.service_id OR NEW.business_day <> OLD.business_day "
        "OR NEW.last_number <> OLD.last_number + 1 THEN "
        "RAISE EXCEPTION 'nomor antrean hanya boleh maju satu per satu' USING ERRCODE = '42501'; "
        "END IF; RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS antre_number_moves_forward ON day_sequence",
        "CREATE TRIGGER antre_number_moves_forward BEFORE UPDATE ON day_sequence "
        "FOR EACH ROW EXECUTE FUNCTION antre_number_moves_forward()",
        # --- a station moves tickets only along the rules, on the server's time -------------
        f"CREATE OR REPLACE FUNCTION antre_ticket_moves() RETURNS trigger LANGUAGE plpgsql {definer} AS $$ "
        "DECLARE stamp timestamp := now() AT TIME ZONE 'UTC'; BEGIN "
        f"IF coalesce({trusted}, false) THEN RETURN NEW; END IF; "
        "IF NEW.status IS DISTINCT FROM OLD.status "
        f"AND (OLD.status, NEW.status) NOT IN ({pairs}) THEN "
        "  RAISE EXCEPTION 'tiket % tidak boleh berpindah dari % ke %', OLD.code, OLD.status, NEW.status "
        "  USING ERRCODE = '42501'; END IF; "
        "IF NEW.called_at IS DISTINCT FROM OLD.called_at AND NEW.called_at IS NOT NULL THEN "
        "  NEW.called_at := stamp; END IF; "
        "IF NEW.started_at IS DISTINCT FROM OLD.started_at AND NEW.started_at IS NOT NULL "
        "  AND NEW.started_at IS DISTINCT FROM OLD.called_at THEN NEW.started_at := stamp; END IF; "
        "IF NEW.finished_at IS DISTINCT FROM OLD.finished_at AND NEW.finished_at IS NOT NULL THEN "
        "  NEW.finished_at := stamp; END IF; "
        "IF NEW.queued_at IS DISTINCT FROM OLD.queued_at THEN NEW.queued_at := stamp; END IF; "
        "RETURN NEW; END $$",
        "REVOKE ALL ON FUNCTION antre_ticket_moves() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS antre_ticket_moves ON ticket",
        "CREATE TRIGGER antre_ticket_moves BEFORE UPDATE ON ticket "
        "FOR EACH ROW EXECUTE FUNCTION antre_ticket_moves()",
        f"CREATE OR REPLACE FUNCTION antre_day_moves_forward() RETURNS trigger LANGUAGE plpgsql {definer} "
        "AS $$ BEGIN "
        f"IF NOT coalesce({trusted}, false) AND NEW.business_day IS DISTINCT FROM OLD.business_day AND ("
        "NEW.business_day IS DISTINCT FROM (now() AT TIME ZONE NEW.timezone)::date "
        "OR NEW.business_day < OLD.business_day) THEN "
        "RAISE EXCEPTION 'hari layanan hanya maju ke hari server' USING ERRCODE = '42501'; "
        "END IF; RETURN NEW; END $$",
        "REVOKE ALL ON FUNCTION antre_day_moves_forward() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS antre_day_moves_forward ON site",
        "CREATE TRIGGER antre_day_moves_forward BEFORE UPDATE ON site "
        "FOR EACH ROW EXECUTE FUNCTION antre_day_moves_forward()",
        # --- log-in -------------------------------------------------------------------------
        # The stored hash with its digest blanked: what a station needs to compute the hash of
        # what was typed. An unknown username gets the same shape, its salt derived from a
        # secret only the owner reads (the oldest stored hash), the same on every call.
        f"CREATE OR REPLACE FUNCTION antre_login_salt(p_username text, p_params text) RETURNS text "
        f"LANGUAGE plpgsql STABLE {definer} AS $$ DECLARE h text; secret text; BEGIN "
        "SELECT password_hash INTO h FROM app_user WHERE username = p_username AND active "
        "AND password_hash LIKE '$argon2%$%$%$%$%'; "
        "IF h IS NOT NULL THEN "
        "  RETURN regexp_replace(h, '\\$[^$]*$', '') || '$' "
        "    || repeat('A', length(substring(h from '[^$]*$'))); "
        "END IF; "
        "SELECT password_hash INTO secret FROM app_user WHERE password_hash IS NOT NULL "
        "ORDER BY id LIMIT 1; "
        "RETURN p_params || rtrim(encode(substring(sha256(convert_to(p_username || '|' || "
        "coalesce(secret, current_database()), 'UTF8')) from 1 for 16), 'base64'), '=') "
        "|| '$' || repeat('A', 43); "
        "END $$",
        "REVOKE ALL ON FUNCTION antre_login_salt(text, text) FROM PUBLIC",
        # Compare, count the failure or clear it, and lock after too many: one call, on the
        # server's time (the owner may give its own, for tests that set the time).
        f"CREATE OR REPLACE FUNCTION antre_login(p_username text, p_hash text, p_now timestamptz, "
        "p_max_failures integer, p_lockout interval) "
        "RETURNS TABLE (user_id integer, outcome text, failures integer, locked_until timestamp, "
        "full_name text, role text, agency text, server_now timestamptz) "
        f"LANGUAGE plpgsql {definer} AS $$ DECLARE u record; at_ timestamp; ag text; BEGIN "
        f"at_ := CASE WHEN coalesce({trusted}, false) THEN coalesce(p_now, now()) ELSE now() END "
        "AT TIME ZONE 'UTC'; "
        "SELECT * INTO u FROM app_user a WHERE a.username = p_username FOR UPDATE; "
        "IF NOT FOUND OR NOT u.active OR u.password_hash IS NULL THEN "
        "  RETURN QUERY SELECT NULL::integer, 'wrong'::text, 0, NULL::timestamp, NULL::text, NULL::text, "
        "  NULL::text, now(); RETURN; END IF; "
        "IF u.locked_until IS NOT NULL AND u.locked_until > at_ THEN "
        "  RETURN QUERY SELECT u.id, 'locked'::text, u.failed_logins, u.locked_until, NULL::text, "
        "  NULL::text, NULL::text, now(); RETURN; END IF; "
        "IF u.password_hash IS DISTINCT FROM p_hash THEN "
        "  IF u.failed_logins + 1 >= p_max_failures THEN "
        "    UPDATE app_user SET failed_logins = 0, locked_until = at_ + p_lockout WHERE id = u.id; "
        "    RETURN QUERY SELECT u.id, 'locked_now'::text, u.failed_logins + 1, at_ + p_lockout, NULL::text, "
        "    NULL::text, NULL::text, now(); RETURN; "
        "  END IF; "
        "  UPDATE app_user SET failed_logins = u.failed_logins + 1 WHERE id = u.id; "
        "  RETURN QUERY SELECT u.id, 'wrong'::text, u.failed_logins + 1, NULL::timestamp, NULL::text, "
        "  NULL::text, NULL::text, now(); RETURN; END IF; "
        "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = u.id; "
        "SELECT code INTO ag FROM agency WHERE id = u.agency_id; "
        "RETURN QUERY SELECT u.id, 'ok'::text, 0, NULL::timestamp, u.full_name::text, u.role::text, ag, "
        "now(); "
        "END $$",
        "REVOKE ALL ON FUNCTION antre_login(text, text, timestamptz, integer, interval) FROM PUBLIC",
    ]


FUNCTIONS = (
    "antre_event_turn()",
    "antre_login_salt(text, text)",
    "antre_login(text, text, timestamptz, integer, interval)",
)
"""The functions a station calls itself (the triggers run on their own)."""
