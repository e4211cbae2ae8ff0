"""One sentence for a PostgreSQL connection that failed, for every door (app, CLI).

libpq says what went wrong in its own words, over several lines; the user reads what
happened and what to do: a wrong or missing password, a server down or unknown, TLS
the server requires or lacks, a certificate that does not verify, an unknown service.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

DEFAULT_PORT = 5432

_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        r"password authentication failed|authentication failed for user",
        "The server at {where} refused the password of {user}; check the password in your "
        "password file, service file or keyring, and try again.",
    ),
    (
        r"no password supplied|password is required",
        "The server at {where} asks for a password for {user}, and none was found: type it "
        "and keep it in the keyring, or add it to your password file (~/.pgpass).",
    ),
    (
        r"does not support ssl|ssl was required|server does not support",
        "The server at {where} does not offer TLS, which TLS mode “{sslmode}” requires; ask "
        "its administrator to enable it.",
    ),
    (
        r"no encryption|hostssl",
        "The server at {where} accepts only encrypted connections; choose the TLS mode "
        "“require” or a stricter one.",
    ),
    (
        r"root certificate file .* does not exist|could not read root certificate",
        "The root certificate {sslrootcert} cannot be read; choose the file again.",
    ),
    (
        r"certificate verify failed|certificate",
        "The server's certificate at {where} could not be verified with the root certificate "
        "you chose; check the file, or ask the server's administrator.",
    ),
    (
        r"definition of service .* not found|service file",
        "There is no service “{service}” in your service file (PGSERVICEFILE or "
        "~/.pg_service.conf).",
    ),
    (
        r"failed to resolve host|could not translate host name|name or service not known",
        "There is no server named {host}; check the host name.",
    ),
    (
        r"connection refused|timeout expired|is the server running|no route to host",
        "The server at {where} cannot be reached: check that it is running and that the "
        "host and port are right.",
    ),
    (
        r"database .* does not exist",
        "The server at {where} has no database “{database}”; check its name.",
    ),
    (r"role .* does not exist", "The server at {where} has no user {user}; check the name."),
)


def server_where(url: URL) -> str:
    """How a sentence names the server: “db.example.org:5432”, “service “ropa””."""
    if url.host:
        return f"{url.host}:{url.port or DEFAULT_PORT}"
    service = url.query.get("service")
    return f"service “{service}”" if service else "the local server"


def connection_problem(url: URL, reason: str) -> str:
    """The one sentence for a PostgreSQL connection that failed, from libpq's reason:
    a wrong or missing password, a server down, TLS required or refused, ..."""
    lowered = reason.lower()
    query = {k: str(v) for k, v in url.query.items()}
    names = {
        "where": server_where(url),
        "user": url.username or "your login",
        "sslmode": query.get("sslmode", "prefer"),
        "sslrootcert": query.get("sslrootcert", ""),
        "service": query.get("service", ""),
        "host": url.host or "",
        "database": url.database or "",
    }
    for pattern, sentence in _PROBLEMS:
        if re.search(pattern, lowered):
            return sentence.format(**names)
    first = reason.strip().splitlines()[0].rstrip(".") if reason.strip() else "unknown error"
    return f"Cannot connect to the register database at {names['where']} ({first})."
