"""Processors (vendors): DPA, locations, transfer safeguard, risk, and who uses them."""

from __future__ import annotations

from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.services.checks import processor_findings
from ropa_desktop.services.processors import activities_using, list_processors
from ropa_desktop.ui.list_page import ListPage, join
from ropa_desktop.ui.table_model import TableColumn


class ProcessorsView(ListPage):
    TITLE = "Processors"
    INTRO = "service providers that process personal data for you (Art. 28)"
    COLUMNS = (
        TableColumn("Processor", 260),
        TableColumn("Services", 360),
        TableColumn("Locations", 150),
        TableColumn("DPA signed", 100),
        TableColumn("Transfer safeguard", 230),
        TableColumn("Risk"),
    )

    def load_rows(self) -> None:
        self._by_key = {p.key: p for p in list_processors(self.workspace.register)}
        procs = list(self._by_key.values())
        self.model.set_rows(
            [
                (
                    p.name, p.services.replace("\n", " "), join(p.locations),
                    p.dpa_signed_on.isoformat() if p.dpa_signed_on else "missing",
                    p.transfer_safeguard.label if p.transfer_safeguard else "",
                    p.risk_rating.label,
                )
                for p in procs
            ],
            keys=[p.key for p in procs],
            warn=[p.dpa_signed_on is None for p in procs],
        )  # fmt: skip

    def describe(self, key: object) -> str:
        proc: ProcessorRec | None = getattr(self, "_by_key", {}).get(key)
        if proc is None:
            return ""
        used = activities_using(self.workspace.register, key=proc.key)
        lines = [
            proc.name,
            f"Services: {proc.services or '—'}",
            f"Contact: {join([proc.contact_name, proc.contact_email]) or '—'}",
            f"Locations: {join(proc.locations) or '—'}",
            f"DPA: signed {proc.dpa_signed_on or 'not recorded'}"
            + (f", reference {proc.dpa_reference}" if proc.dpa_reference else ""),
            f"Certifications: {join(proc.certifications) or '—'}",
            f"Sub-processors: {proc.sub_processors or '—'}",
            f"Risk rating: {proc.risk_rating.label}",
            "Used by: " + (join([f"{ref} {name}" for ref, name in used]) or "no activity"),
        ]
        lines += [f"⚠ {f.message}" for f in processor_findings(proc)]
        if proc.notes:
            lines.append(f"Notes: {proc.notes}")
        return "\n".join(lines)
