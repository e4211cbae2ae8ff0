"""The sample register, modelled on the seed privacy policy (resources/sample_register.json)."""

from __future__ import annotations

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.importers.json_import import read_document
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.interchange import ChangeSet, import_records, plan_import
from ropa_desktop.services.register import Register, is_empty

SAMPLE_PATH = RESOURCES / "sample_register.json"
__all__ = ["SAMPLE_PATH", "is_empty", "load_sample"]  # is_empty: one EXISTS query


def load_sample(register: Register) -> ChangeSet:
    """Load the sample into an empty register; an identical register is left as it is."""
    wanted = read_document(SAMPLE_PATH)
    if not is_empty(register):
        try:
            plan = plan_import(register, wanted)
        except RopaError:
            plan = None
        if plan is not None and plan.is_empty:
            return plan
        raise RopaError(
            "The register already has content; “demo” loads the sample only into an empty register "
            "(use --db to name a new file)."
        )
    return import_records(register, wanted, dry_run=False)
