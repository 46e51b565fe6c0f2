"""Clerk log-in: argon2 password hashes, and a lock-out after repeated failures."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import math
from dataclasses import dataclass

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared import events
from shared.errors import BadInput, NotFound, RuleRefused
from shared.models import Agency, Counter, Role, User
from shared.rules import store_now
from shared.rules.day import note_server_time
from shared.store import may

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)
MIN_PASSWORD = 8
_hasher = PasswordHasher()


@functools.cache
def _stand_in_hash() -> str:
    """A hash of nothing, with the same cost as every real one, for usernames that do not
    exist: a refusal then takes as long as a wrong password, so timing tells no usernames
    apart. Made on first use (argon2 is slow on purpose), never at import."""
    return _hasher.hash("antre: tidak ada pengguna ini")


def _verify(password_hash: str | None, password: str) -> bool:
    """Argon2's verdict; a missing or unreadable hash costs the same time and is False."""
    try:
        return _hasher.verify(password_hash or _stand_in_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    return _hasher.hash(password)


def add_user(
    session: Session, username: str, password: str, *, role: str = Role.CLERK,
    full_name: str = "", agency: str | None = None, now: dt.datetime,
) -> User:
    if role not in {r.value for r in Role}:
        raise BadInput(f"Peran '{role}' tidak dikenal (clerk, supervisor, admin).")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise RuleRefused(f"Pengguna '{username}' sudah ada. Gunakan 'antre user passwd'.")
    agency_id = None
    if agency:
        a = session.scalar(select(Agency).where(Agency.code == agency.upper()))
        if a is None:
            raise NotFound(f"Instansi '{agency}' tidak ditemukan.")
        agency_id = a.id
    user = User(username=username, full_name=full_name or username, role=role, agency_id=agency_id,
                password_hash=hash_password(password), failed_logins=0, active=True)
    session.add(user)
    session.flush()
    events.emit(session, "user_added", at=now, user_id=user.id, username=username, role=role)
    return user


def set_password(session: Session, username: str, password: str, *, now: dt.datetime) -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    events.emit(session, "user_password_changed", at=now, user_id=user.id, username=username)


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a log-in attempt. A refusal is not an exception, so the caller's
    transaction commits and the failure count is kept."""

    user_id: int | None
    username: str
    full_name: str = ""
    role: str | None = None
    agency: str | None = None
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime) -> LoginOutcome:
    """Check a log-in. Five failures in a row lock the account for five minutes."""
    username = username.strip().lower()
    if session.get_bind().dialect.name == "postgresql":
        return _authenticate_on_server(session, username, password, now=now)
    user = session.scalar(select(User).where(User.username == username).with_for_update())
    wrong = LoginOutcome(None, username, refusal="Nama pengguna atau kata sandi salah.")
    known = user is not None and user.active and bool(user.password_hash)
    # Every refusal costs one argon2 verification, as a wrong password does.
    right = _verify(user.password_hash if known and user is not None else None, password)
    if user is None or not known:
        return wrong
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
        return LoginOutcome(user.id, username, refusal=(
            f"Akun terkunci karena terlalu banyak percobaan. Coba lagi dalam {minutes} menit."))
    if not right:
        user.failed_logins += 1
        events.emit(session, "login_failed", at=now, user_id=user.id, username=username,
                    failures=user.failed_logins)
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            events.emit(session, "user_locked", at=now, user_id=user.id, username=username)
            return LoginOutcome(user.id, username, refusal=(
                "Terlalu banyak percobaan. Akun dikunci selama 5 menit."))
        return wrong
    user.failed_logins = 0
    user.locked_until = None
    assert user.password_hash is not None
    if _hasher.check_needs_rehash(user.password_hash) and may(
            session, "app_user", "UPDATE", "password_hash"):
        # A counter's role may not write password hashes; the admin's next log-in rehashes.
        user.password_hash = _hasher.hash(password)
    agency = session.get(Agency, user.agency_id) if user.agency_id else None
    events.emit(session, "user_logged_in", at=now, user_id=user.id, username=username)
    return LoginOutcome(user.id, username, user.full_name, user.role, agency.code if agency else None)


# On PostgreSQL no station reads a password hash: the server gives the salt and cost of the
# user's hash (a stand-in of the same shape for a username that does not exist), this
# station hashes what was typed with them, and the server compares and keeps the count of
# failures and the lock-out (antre_login_salt and antre_login, shared/pgfunctions.py).

def _default_params() -> str:
    return (f"$argon2id$v=19$m={_hasher.memory_cost},t={_hasher.time_cost},p={_hasher.parallelism}$")


def _hash_like(shape: str, password: str) -> str:
    """``password`` hashed with the salt and cost of ``shape`` (a stored hash, digest blanked);
    an unreadable shape still costs one hash and matches nothing."""
    try:
        params = extract_parameters(shape)
        salt_b64 = shape.split("$")[-2]
        salt = base64.b64decode(salt_b64 + "=" * (-len(salt_b64) % 4), validate=True)
        return hash_secret(password.encode(), salt, time_cost=params.time_cost,
                           memory_cost=params.memory_cost, parallelism=params.parallelism,
                           hash_len=params.hash_len, type=params.type, version=params.version).decode()
    except (InvalidHashError, ValueError, binascii.Error):
        _verify(None, password)
        return ""


def _authenticate_on_server(
    session: Session, username: str, password: str, *, now: dt.datetime
) -> LoginOutcome:
    wrong = LoginOutcome(None, username, refusal="Nama pengguna atau kata sandi salah.")
    shape = session.scalar(text("SELECT antre_login_salt(:u, :p)"), {"u": username, "p": _default_params()})
    typed = _hash_like(str(shape or ""), password)
    row = session.execute(text("SELECT * FROM antre_login(:u, :h, :n, :m, :l)"), {
        "u": username, "h": typed, "n": now, "m": MAX_FAILURES, "l": LOCKOUT}).one()
    note_server_time(session, row.server_now)
    now = store_now(session, now)
    if row.user_id is None:
        return wrong
    if row.outcome == "locked":
        until = row.locked_until.replace(tzinfo=dt.UTC)
        minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        return LoginOutcome(row.user_id, username, refusal=(
            f"Akun terkunci karena terlalu banyak percobaan. Coba lagi dalam {minutes} menit."))
    if row.outcome in ("wrong", "locked_now"):
        events.emit(session, "login_failed", at=now, user_id=row.user_id, username=username,
                    failures=row.failures)
        if row.outcome == "wrong":
            return wrong
        events.emit(session, "user_locked", at=now, user_id=row.user_id, username=username)
        return LoginOutcome(row.user_id, username,
                            refusal="Terlalu banyak percobaan. Akun dikunci selama 5 menit.")
    events.emit(session, "user_logged_in", at=now, user_id=row.user_id, username=username)
    return LoginOutcome(row.user_id, username, row.full_name, row.role, row.agency)


# --- who may work where ----------------------------------------------------------------

SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})


def is_supervisor(role: str | None) -> bool:
    return role in SUPERVISOR_ROLES


def _active_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("Pengguna tidak ditemukan atau tidak aktif.")
    return user


def counters_for(session: Session, user_id: int) -> list[tuple[str, str]]:
    """The counters (code, name) a user may work at: a clerk's own agency's counters, or
    every counter for a clerk with no agency, a supervisor and an admin."""
    user = _active_user(session, user_id)
    stmt = select(Counter.code, Counter.name).where(Counter.active.is_(True)).order_by(Counter.position)
    if user.role == Role.CLERK and user.agency_id is not None:
        stmt = stmt.where(Counter.agency_id == user.agency_id)
    return [(code, name) for code, name in session.execute(stmt).all()]


@dataclass(frozen=True)
class CounterChoice:
    """A counter on the log-in's choice page, with who (if anyone) has it open now, and its
    agency's short name (a supervisor picks among every agency's counters)."""

    code: str
    name: str
    state: str
    user: str | None
    agency: str = ""


def counter_choices(session: Session, user_id: int) -> list[CounterChoice]:
    """:func:`counters_for`, with each counter's state and current clerk."""
    allowed = [code for code, _ in counters_for(session, user_id)]
    rows = session.execute(
        select(Counter.code, Counter.name, Counter.state, User.username,
               func.coalesce(func.nullif(Agency.short, ""), Agency.code))
        .outerjoin(User, Counter.user_id == User.id)
        .outerjoin(Agency, Counter.agency_id == Agency.id)
        .where(Counter.code.in_(allowed)).order_by(Counter.position)).all()
    return [CounterChoice(code, name, state, username, agency or "")
            for code, name, state, username, agency in rows]


def check_counter_access(session: Session, user_id: int, counter_code: str) -> None:
    """Refuse a clerk at another agency's counter (a supervisor may take any)."""
    code = counter_code.strip().upper()
    if code not in {c for c, _ in counters_for(session, user_id)}:
        exists = session.scalar(select(Counter.name).where(Counter.code == code, Counter.active.is_(True)))
        if exists is None:
            raise NotFound(f"Loket '{counter_code}' tidak ditemukan.")
        raise RuleRefused(f"Anda tidak terdaftar untuk {exists}. Pilih loket instansi Anda.")


def require_supervisor(session: Session, user_id: int) -> None:
    if not is_supervisor(_active_user(session, user_id).role):
        raise RuleRefused("Hanya supervisor atau admin yang boleh melakukan ini.")


def log_out(session: Session, user_id: int, *, now: dt.datetime, counter: str | None = None) -> None:
    user = _active_user(session, user_id)
    events.emit(session, "user_logged_out", at=now, user_id=user.id, username=user.username,
                counter=counter)


def unlock_user(session: Session, username: str, *, now: dt.datetime) -> None:
    """Lift a lock-out after too many failed log-ins (the admin console's "buka kunci")."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    user.failed_logins = 0
    user.locked_until = None
    events.emit(session, "user_unlocked", at=now, user_id=user.id, username=username)
