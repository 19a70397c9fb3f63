"""Signed-in browsers and failed sign-ins, kept in the register so they hold across the
desk's threads and processes: a session is a random token whose hash is kept (the cookie
holds the token), ended by signing out, by idling or by disabling the account; failed
sign-ins are counted by account and by address, and each failure beyond the first few
makes the next try wait longer."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from generator.register import schema

__all__ = ["FREE_TRIES", "end", "failed", "start", "succeeded", "touch", "wait"]

#: Failures in a row allowed before the delay starts.
FREE_TRIES = 3
#: The longest delay, in seconds.
MAX_WAIT = 15 * 60


@contextmanager
def _writing(engine: Engine) -> Iterator[Any]:
    """A transaction that takes SQLite's write lock at its start (see the database module)."""
    with engine.connect().execution_options(writing=True) as connection, connection.begin():
        yield connection


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(engine: Engine, login: str, now: float) -> str:
    """A new session for ``login``; the token for its cookie."""
    token = secrets.token_urlsafe(32)
    with _writing(engine) as connection:
        connection.execute(insert(schema.sessions).values(
            token_sha256=_hash(token), login=login, started=now, seen=now))
    return token


def touch(engine: Engine, token: str, now: float, idle: float) -> str | None:
    """The login of a live session (seen now), or None: unknown, ended or idle too long
    (then ended)."""
    key = _hash(token)
    with _writing(engine) as connection:
        row = connection.execute(select(schema.sessions)
                                 .where(schema.sessions.c.token_sha256 == key)).first()
        if row is None:
            return None
        if now - row.seen > idle:
            connection.execute(delete(schema.sessions)
                               .where(schema.sessions.c.token_sha256 == key))
            return None
        if now - row.seen > 30:  # a write a minute at most, not one a request
            connection.execute(update(schema.sessions)
                               .where(schema.sessions.c.token_sha256 == key).values(seen=now))
        return str(row.login)


def end(engine: Engine, token: str) -> None:
    with _writing(engine) as connection:
        connection.execute(delete(schema.sessions)
                           .where(schema.sessions.c.token_sha256 == _hash(token)))


def _delay(failures: int) -> float:
    """Seconds to wait after ``failures`` failures in a row: none for the first few, then
    doubling from 2 s up to :data:`MAX_WAIT`."""
    extra = failures - FREE_TRIES
    return 0.0 if extra < 0 else float(min(2 ** (extra + 1), MAX_WAIT))


def wait(engine: Engine, keys: list[str], now: float) -> float:
    """How many seconds must pass before another try for any of ``keys``."""
    table = schema.sign_in_failures
    with engine.connect() as connection:
        rows = connection.execute(select(table).where(table.c.key.in_(keys))).all()
    return max([0.0, *(row.last + _delay(row.failures) - now for row in rows)])


def failed(engine: Engine, keys: list[str], now: float) -> None:
    table = schema.sign_in_failures
    with _writing(engine) as connection:
        for key in keys:
            done = connection.execute(update(table).where(table.c.key == key).values(
                failures=table.c.failures + 1, last=now))
            if done.rowcount == 0:
                connection.execute(insert(table).values(key=key, failures=1, last=now))


def succeeded(engine: Engine, keys: list[str]) -> None:
    table = schema.sign_in_failures
    with _writing(engine) as connection:
        connection.execute(delete(table).where(table.c.key.in_(keys)))
