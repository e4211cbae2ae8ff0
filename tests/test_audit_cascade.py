"""Every record an import or a delete removes gets its audit event with its before values,
the retention rules that go with an activity included."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.importers.xlsx import import_xlsx
from ropa_desktop.services import activities, interchange
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from tests.conftest import ORG
from tests.factories import complete_activity, processor, retention_for
from tests.xlsx_corpus import row_of


def _register(register: Register) -> None:
    save_organisation(register, record=ORG)
    save_processor(register, record=processor(dpa_signed_on=dt.date(2025, 1, 1)))
    for rec in (complete_activity(), complete_activity("act-hr", "PA-02", name="Recruitment")):
        activities.save_activity(register, record=rec)
        save_rule(register, record=retention_for(rec.key, key=f"ret-{rec.key}"))


def _deleted(register: Register) -> dict[str, dict[str, object]]:
    return {e.entity_key: e.changes for e in audit_log(register) if e.action is AuditAction.DELETE}


def test_a_workbook_row_deleted_removes_the_activity_and_audits_its_rules(
    sqlite_register: Register, tmp_path: Path
) -> None:
    _register(sqlite_register)
    path = export_xlsx(sqlite_register, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Register"]
    ws.delete_rows(row_of(ws, "Reference", "PA-01"))
    wb.save(path)
    import_xlsx(sqlite_register, path, dry_run=False)
    assert [r.key for r in list_rules(sqlite_register)] == ["ret-act-hr"]
    deleted = _deleted(sqlite_register)
    assert deleted["act-crm"]["name"]["before"] == "Customer relationship management"
    rule = deleted["ret-act-crm"]
    assert rule["open_ended_term"] == {"before": "While the account is active", "after": None}


def test_a_json_import_that_drops_an_activity_audits_each_removal(
    sqlite_register: Register,
) -> None:
    _register(sqlite_register)
    doc = json.loads(register_json(sqlite_register))
    doc["activities"] = [a for a in doc["activities"] if a["key"] != "act-crm"]
    doc["retention_rules"] = [r for r in doc["retention_rules"] if r["activity"] != "act-crm"]
    interchange.import_records(
        sqlite_register, parse_document(json.dumps(doc).encode()), dry_run=False
    )
    deleted = _deleted(sqlite_register)
    assert {"act-crm", "ret-act-crm"} <= set(deleted)
    assert deleted["ret-act-crm"]["data_description"]["before"] == "Customer data"
