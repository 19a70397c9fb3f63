"""The register's database: where the default SQLite file lives (owner-only), an engine that
logs no values, and the migrations that bring any register up to the newest tables."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    String,
    any_,
    bindparam,
    cast,
    create_engine,
    event,
    false,
    or_,
)
from sqlalchemy.engine import make_url

from generator.private import private_folder, refuse_shared

__all__ = ["default_path", "engine_for", "migrate", "one_of"]

FILE_NAME = "register.sqlite"


def default_path() -> Path:
    """$POLICY_DATA_DIR/register.sqlite, else the XDG data folder's council-policy/."""
    if folder := os.environ.get("POLICY_DATA_DIR"):
        return Path(folder) / FILE_NAME
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "council-policy" / FILE_NAME


def _private_file(path: Path) -> None:
    """The SQLite file (and its folders), made if missing, readable by its owner only, and
    never used where others may read it, a build publishes it or git would commit it: a
    register already there is refused as a new one would be, before a case goes into it."""
    refuse_shared(path, "--db")
    private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


def _sqlite_setup(engine: Engine) -> None:
    """SQLite: foreign keys on, wait for a busy file, and take the write lock at the start
    of a writing transaction, so two officers' writes queue instead of failing."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not the driver, begins
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get("writing")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


#: Alembic keeps its running context in module globals: one migration at a time per process.
_MIGRATING = threading.Lock()
#: A number of our own for PostgreSQL's advisory lock: one migration at a time per database.
_MIGRATION_LOCK = 0x5EC15


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the register's tables to ``revision`` with the migrations shipped here; of
    several processes opening one register at once, one migrates and the rest wait."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "generator.register:migrations")
    with _MIGRATING, engine.connect().execution_options(writing=True) as connection, \
            connection.begin():
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def engine_for(url: str | None) -> Engine:
    """An engine for the register at ``url`` (None: the default SQLite file), echo off and
    parameters hidden from error messages, so no case value reaches a log."""
    if url is None:
        path = default_path()
        _private_file(path)
        path.parent.chmod(0o700)  # the data folder is the register's, made or found
        url = f"sqlite:///{path}"
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"the register runs on SQLite or PostgreSQL, not "
                         f"{parsed.get_backend_name()}")
    if parsed.drivername == "postgresql":  # the driver installed with the generator
        parsed = parsed.set(drivername="postgresql+psycopg")
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and parsed.database != ":memory:":
        _private_file(Path(parsed.database))
    engine = create_engine(parsed, echo=False, hide_parameters=True)
    if sqlite:
        _sqlite_setup(engine)
    return engine


def one_of(connection: Connection, column: Any, ids: list[int]) -> Any:
    """``column`` (a case's row id) is one of ``ids``, found by the column's index on
    either database: PostgreSQL is given them as one array (given a subquery instead, it
    reads the whole table to join it), SQLite as lists of at most 500."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        # as the text of an array, which the driver passes on as it is
        listed = "{" + ",".join(map(str, ids)) + "}"
        return column == any_(cast(bindparam("ids", listed, type_=String), ARRAY(Integer)))
    return or_(false(), *(column.in_(ids[start:start + 500])
                          for start in range(0, len(ids), 500)))
