"""Officers' passwords, kept only as salted scrypt hashes (the standard library's)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_password", "password_matches"]


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    kind, salt, digest = stored.split("$")
    given = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **SCRYPT)
    return kind == "scrypt" and hmac.compare_digest(given.hex(), digest)


#: scrypt's cost: about 50 ms and 16 MB a check, which slows a guesser and not an officer.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
