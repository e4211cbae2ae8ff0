"""The ``ropa`` command line: the headless face of the register services."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ropa_desktop import cli_evidence
from ropa_desktop.domain.errors import ImportFileError, RopaError
from ropa_desktop.exporters.breach_register import export_breaches
from ropa_desktop.exporters.cnil import export_cnil
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.json_export import export_json
from ropa_desktop.exporters.pdf import export_pdf
from ropa_desktop.exporters.pdf.verify import verify_pdf
from ropa_desktop.exporters.retention_xlsx import export_retention_xlsx
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.json_import import read_document
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.spreadsheet.existing import (
    describe_columns,
    import_spreadsheet,
    read_register_file,
    table_of,
)
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping, load_mapping, mapping_text
from ropa_desktop.importers.xlsx import WorkbookRejected, import_xlsx, plan_xlsx
from ropa_desktop.services import team as team_roles
from ropa_desktop.services.audit import verify_chain
from ropa_desktop.services.checks import BLOCKING
from ropa_desktop.services.context import register_findings
from ropa_desktop.services.duties import separation_of_duties, set_separation_of_duties
from ropa_desktop.services.interchange import import_records
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.store.migrate import head_revision

# format -> function(register, path, args): "--as-of" dates the PDF and its findings,
# "--with-evidence" puts the evidence files in the JSON export.
EXPORTERS: dict[str, Callable[[Register, Path, argparse.Namespace], Any]] = {
    "json": lambda register, path, args: export_json(
        register, path, with_evidence=args.with_evidence
    ),
    "xlsx": lambda register, path, args: export_xlsx(register, path),
    "pdf": lambda register, path, args: export_pdf(register, path, as_of=args.as_of),
    "retention-xlsx": lambda register, path, args: export_retention_xlsx(register, path),
    "cnil": lambda register, path, args: export_cnil(register, path),
    "breaches": lambda register, path, args: export_breaches(register, path),
}
# A JSON file is a whole register; a review workbook is merged into the register
# as it is now (so it needs the register to be read).
IMPORTERS: dict[str, Callable[[Register, Path, argparse.Namespace], Any]] = {
    "json": lambda register, path, args: import_records(
        register, read_document(path), dry_run=args.dry_run
    ),
    "xlsx": lambda register, path, args: _import_workbook(register, path, args),
    "spreadsheet": lambda register, path, args: import_spreadsheet(
        register, path, dry_run=args.dry_run, mapping=_mapping(args)
    ),
}


def _mapping(args: argparse.Namespace) -> Mapping | None:
    return load_mapping(args.mapping) if args.mapping else None


def _save_mapping(args: argparse.Namespace) -> int:
    """Write the mapping of the table's columns (given, the ICO's, or proposed from the
    headers) for the DPO to check; nothing is imported."""
    path = Path(args.path)
    table = table_of(read_register_file(path), _mapping(args))
    if table is None:
        raise ImportFileError(
            f"{path.name} holds no table of activities to map (a register in the CNIL's "
            "template is imported as it is, without a mapping)."
        )
    write_atomically(args.save_mapping, mapping_text(table.mapping).encode("utf-8"))
    print(f"Columns of sheet “{table.sheet.title}” (headers in row {table.header_row}): "
          f"{describe_columns(table)}.")  # fmt: skip
    print(f"Wrote this mapping to {args.save_mapping}; check it (a field name per column, "
          f"or null to leave a column out), then import with --mapping {args.save_mapping}.")  # fmt: skip
    return 0


def _import_workbook(register: Register, path: Path, args: argparse.Namespace) -> Any:
    take: frozenset[str] = frozenset()
    if args.conflicts == "take-workbook":
        take = frozenset(c.id for c in plan_xlsx(register, path).conflicts if c.choosable)
    return import_xlsx(register, path, dry_run=args.dry_run, take=take)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"ropa: {message}\n")


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-11-30") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ropa", description="GDPR Article 30 register of processing activities.")
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help="SQLite file or SQLAlchemy URL (default: $ROPA_DB, else the register in your data folder)",
    )
    parser.add_argument("--user", help="name recorded in the audit trail (default: your login)")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    init = sub.add_parser("init", help="create or upgrade the register database")
    init.add_argument(
        "--no-backup",
        action="store_true",
        help="upgrade a PostgreSQL register without pg_dump'ing it first (you have a backup)",
    )
    sub.add_parser("demo", help="load the sample register from the seed policy")
    check = sub.add_parser("check", help="list findings; exit 1 when any is blocking")
    check.add_argument("--format", choices=("text", "json"), default="text")
    export = sub.add_parser("export", help="write the register to a file")
    export.add_argument("format", choices=sorted(EXPORTERS))
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    export.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the PDF shows: the register as it stood at the end of that day (UTC), "
        "rebuilt from the audit trail, with its findings on that day (default: today)",
    )
    export.add_argument(
        "--with-evidence",
        action="store_true",
        help="json: include the evidence files themselves (Base64), not only their list",
    )
    imp = sub.add_parser("import", help="show the change set of a file and apply it")
    imp.add_argument("format", choices=sorted(IMPORTERS))
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--dry-run", action="store_true", help="show the change set, change nothing")
    imp.add_argument(
        "--conflicts",
        choices=("keep-register", "take-workbook"),
        default="keep-register",
        help="a reviewed workbook's cells changed in the app too since the export: keep the "
        "register's values (default) or take the workbook's",
    )
    imp.add_argument(
        "--mapping",
        metavar="FILE",
        help="spreadsheet: a table's columns mapped to register fields (JSON, see --save-mapping)",
    )
    imp.add_argument(
        "--save-mapping",
        metavar="FILE",
        help="spreadsheet: write the mapping of the table's columns (given, or proposed from "
        "its headers) to FILE and import nothing",
    )
    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(
        dest="audit_command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    audit_sub.add_parser(
        "verify", help="check the audit trail's hash chain; exit 1 at the first broken link"
    )
    verify = sub.add_parser(
        "verify", help="check a register PDF's attached register against its cover; exit 1 if not"
    )
    verify.add_argument("pdf", metavar="FILE.pdf")
    verify.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        default=argparse.SUPPRESS,
        help="also check it against this register as it is now",
    )
    team = sub.add_parser("team", help="team roles on a PostgreSQL register")
    team_sub = team.add_subparsers(
        dest="team_command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    team_sub.add_parser("init", help="create the editor, dpo and auditor roles (as the owner)")
    add = team_sub.add_parser("add", help="give a database login one team role")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--role", required=True, choices=sorted(team_roles.ROLES))
    team_sub.add_parser("list", help="the logins in each team role")
    duties = team_sub.add_parser(
        "duties", help="separation of duties: the last editor of an activity may not approve it"
    )
    duties.add_argument("state", choices=("on", "off"), nargs="?", help="omit to see it")
    cli_evidence.add_parser(sub, _Parser)
    return parser


def _open(args: argparse.Namespace) -> Register:
    # Only `init` and `demo` ask for a new register; the others refuse a missing or
    # empty file rather than silently making one.
    create = args.command in ("init", "demo")
    backup = not getattr(args, "no_backup", False)
    register = open_register(args.db, actor=args.user, create=create, server_backup=backup)
    if register.notice:
        print(f"ropa: {register.notice}", file=sys.stderr)
    args.opened = register  # closed by main() whatever happens
    return register


def cmd_init(args: argparse.Namespace) -> int:
    register = _open(args)
    if register.backup:
        print(f"Backed up the register before upgrading it, to {register.backup}")
    print(f"Register ready at {register.location} (schema {head_revision()}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    register = _open(args)
    plan = load_sample(register)
    if plan.is_empty:
        print(f"The sample register is already loaded in {register.location}.")
    else:
        print(f"Loaded the sample register into {register.location}: {plan.summary()}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    register = _open(args)
    findings = register_findings(register)
    blocking = [f for f in findings if f.severity == BLOCKING]
    if args.format == "json":
        json.dump(
            {
                "blocking": len(blocking),
                "warnings": len(findings) - len(blocking),
                "findings": [f.__dict__ for f in findings],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        for f in findings:
            where = f"{f.entity_type} {f.entity_label or f.entity_key}"
            print(f"{f.severity.upper():8} {f.code:30} {where}: {f.message}")
        print(f"{len(blocking)} blocking, {len(findings) - len(blocking)} warnings.")
    return 1 if blocking else 0


def cmd_export(args: argparse.Namespace) -> int:
    register = _open(args)
    path = EXPORTERS[args.format](register, Path(args.output), args)
    print(f"Wrote {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if (args.mapping or args.save_mapping) and args.format != "spreadsheet":
        raise ImportFileError("--mapping and --save-mapping are for “import spreadsheet” only.")
    if args.save_mapping:
        return _save_mapping(args)
    register = _open(args)
    try:
        plan = IMPORTERS[args.format](register, Path(args.path), args)
    except WorkbookRejected as exc:
        # Every row error, each naming sheet, row and column; then the one-line summary.
        for line in exc.result.lines():
            print(line, file=sys.stderr)
        raise
    for line in plan.lines():
        print(line)
    for lapse in register.last_lapses:
        print(f"{'Would lapse' if args.dry_run else 'Approval lapsed'}: {lapse}")
    verb = "Would apply" if args.dry_run else "Applied"
    print("No changes." if plan.is_empty else f"{verb}: {plan.summary()}.")
    if getattr(plan, "conflicts", None) and args.conflicts == "keep-register":
        print("To take the workbook's values for these conflicts, import with "
              "--conflicts take-workbook, or decide each one in the app (File › Import).")  # fmt: skip
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    verdict = verify_chain(_open(args))  # "verify" is the only audit command so far
    print(verdict.sentence)
    return 0 if verdict.broken is None else 1


def cmd_verify(args: argparse.Namespace) -> int:
    # Only a register named on the command line: the PDF alone is checked otherwise.
    verdict = verify_pdf(args.pdf, _open(args) if args.db else None)
    print(verdict.sentence)
    return 0 if verdict.ok else 1


def cmd_team(args: argparse.Namespace) -> int:
    register = _open(args)
    if args.team_command == "init":
        team_roles.init_team(register)
        print(f"Team roles ready on {register.location}: editor, dpo, auditor; add logins with "
              "“ropa team add LOGIN --role editor|dpo|auditor”.")  # fmt: skip
    elif args.team_command == "add":
        team_roles.add_member(register, login=args.login, role=args.role)
        print(f"{args.login} is now a team {args.role}.")
    elif args.team_command == "duties":
        if args.state is not None:
            set_separation_of_duties(register, on=args.state == "on")
        on = separation_of_duties(register)
        print(f"Separation of duties is {'on' if on else 'off'}: "
              + ("the last editor of an activity may not approve it." if on
                 else "whoever may approve may approve an activity they changed."))  # fmt: skip
    else:
        found = team_roles.members(register)
        for member in found:
            print(f"{member.login:30} {member.role}")
        print(f"{len(found)} team member{'s' if len(found) != 1 else ''}.")
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "check": cmd_check,
    "export": cmd_export,
    "import": cmd_import,
    "audit": cmd_audit,
    "team": cmd_team,
    "evidence": lambda args: cli_evidence.cmd_evidence(_open(args), args),
    "verify": cmd_verify,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    finally:
        opened = getattr(args, "opened", None)
        if opened is not None:
            opened.close()


def _run(args: argparse.Namespace) -> int:
    try:
        return COMMANDS[args.command](args)
    except RopaError as exc:
        print(f"ropa: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ropa: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `ropa check | head`): not an error worth a traceback.
        # Point stdout at /dev/null so the flush at exit does not fail again (Python docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
