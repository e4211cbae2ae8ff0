"""``ropa evidence add|list|get``: evidence files from the command line (services.evidence)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ropa_desktop.domain.enums import EvidenceKind
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.services import evidence
from ropa_desktop.services.register import Register

_OWNERS = {"activity": "activity", "processor": "processor", "breach": "breach",
           "request": "rights_request"}  # fmt: skip


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    ev = sub.add_parser("evidence", help="evidence files stored in the register")
    ev_sub = ev.add_subparsers(
        dest="evidence_command", required=True, metavar="COMMAND", parser_class=parser_class
    )
    add = ev_sub.add_parser("add", help="attach a file to a record")
    add.add_argument("path", metavar="FILE")
    add.add_argument(
        "--to", required=True, metavar="KIND:NAME",
        help="activity:PA-01, processor:NAME, breach:BR-01 or request:RR-01",
    )  # fmt: skip
    add.add_argument("--kind", choices=[k.value for k in EvidenceKind], default="other")
    add.add_argument("--title", default="", help="what the document is (default: its file name)")
    ev_sub.add_parser("list", help="every evidence file, with its SHA-256")
    get = ev_sub.add_parser("get", help="write an evidence file out, checked against its hash")
    get.add_argument("sha256", metavar="SHA256", help="its SHA-256, or its first 8+ hex digits")
    get.add_argument("-o", "--output", required=True, metavar="PATH")


def cmd_evidence(register: Register, args: argparse.Namespace) -> int:
    if args.evidence_command == "add":
        kind, _, name = args.to.partition(":")
        if kind not in _OWNERS or not name.strip():
            raise RopaError(
                f"“{args.to}” names no record: write activity:PA-01, processor:NAME, "
                "breach:BR-01 or request:RR-01."
            )
        owner_type = _OWNERS[kind]
        rec = evidence.attach(
            register, owner_type=owner_type, owner_key=evidence.owner_key_of(register, owner_type, name),
            path=args.path, title=args.title, kind=EvidenceKind(args.kind),  # type: ignore[call-arg]
        )  # fmt: skip
        print(f"Attached {rec.file_name} ({rec.media_type}, {evidence.size_text(rec.size)}), "
              f"SHA-256 {rec.sha256}.")  # fmt: skip
    elif args.evidence_command == "list":
        found = evidence.listing(register)
        for rec, owner in found:
            print(f"{rec.sha256[:16]}  {rec.file_name} — {rec.kind.label}, "
                  f"{evidence.size_text(rec.size)}, attached to {owner}")  # fmt: skip
        print(f"{len(found)} evidence file{'s' if len(found) != 1 else ''}.")
    else:
        rec = evidence.find_by_hash(register, args.sha256)
        _rec, data = evidence.content(register, key=rec.key)
        path = write_atomically(Path(args.output), data)
        print(f"Wrote {path} ({rec.file_name}, SHA-256 checked).")
    return 0
