"""`policy desk`: open the register and the source, then serve the desk with waitress (a
production WSGI server), on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from generator.source.errors import Problem, SourceError

__all__ = ["add_officer", "serve"]


def serve(source: Path, db: str | None, host: str, port: int,
          identity_header: str | None, trusted_proxies: list[str] | None = None,
          draft: Path | None = None) -> None:
    """Serve the desk; ``draft``: the source folder of a draft revision, whose effect on
    the open cases the desk's "Draft revision" page shows."""
    from waitress import create_server

    from generator.desk.app import create_app
    from generator.register.store import Register
    from generator.source.read import read_policy

    if identity_header and not trusted_proxies:
        raise SourceError([Problem("--identity-header", 0, "", "the header is trusted from "
                                   "no address", "give --trusted-proxy ADDRESS, the address "
                                   "of the council's reverse proxy (once for each)")])
    policy = read_policy(source)
    revision = read_policy(draft) if draft else None
    register = Register.open(db)
    app = create_app(policy, register, draft=revision, identity_header=identity_header,
                     trusted_proxies=trusted_proxies or (),
                     secure_cookies=host not in ("127.0.0.1", "localhost", "::1"))
    try:
        server = create_server(app, host=host, port=port, threads=8, ident="desk")
    except OSError as exc:
        register.close()
        raise SourceError([Problem("--port", 0, "", f"cannot listen on {host}:{port}: "
                                   f"{exc.strerror or exc}", "another program (perhaps "
                                   "another desk) uses that port; stop it, or give "
                                   "--port another number")]) from None
    print(f"Letter desk for {policy.policy.council.name} on http://{host}:{port}/ "
          "(Ctrl-C to stop)", flush=True)
    try:
        server.run()
    finally:
        server.close()
        register.close()


def add_officer(db: str | None, login: str, name: str | None, roles: list[str],
                password: str | None, source: Path, admin: bool = False) -> None:
    """Create or change an officer's account; roles must be roles of the source."""
    from generator.register.store import Register
    from generator.source.read import read_policy

    policy = read_policy(source)
    unknown = [role for role in roles if role not in policy.roles]
    problems = [Problem("--role", 0, "", f"unknown role '{role}'",
                        f"use one of: {', '.join(policy.roles)}") for role in unknown]
    if not name:
        problems.append(Problem("--name", 0, "", "the officer has no name",
                                "give --name \"FULL NAME\""))
    if not roles:
        problems.append(Problem("--role", 0, "", "the officer has no role",
                                "give --role ROLE, once for each of their roles"))
    if problems:
        raise SourceError(problems)
    with Register.open(db) as register:
        register.add_officer(login, str(name), roles, password, admin=admin)
