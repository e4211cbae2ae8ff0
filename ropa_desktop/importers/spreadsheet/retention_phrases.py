"""Retention wording ("5 ans à compter du dernier contact") read into a retention term.

Only what the wording says without doubt becomes structure: a duration and its unit,
the starting event, the end-of-life action. Anything else (a range, a choice, an
approximate or minimum term, hours, an event the register has no name for) is kept
as written and marked to confirm, with a note saying which part and why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ropa_desktop.domain.base import NAME_LENGTH
from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.importers.spreadsheet import retention_words as w
from ropa_desktop.importers.spreadsheet.retention_reading import (
    Prepared,
    Segment,
    prepare,
    segments,
)

_MIN_VALUE, _MAX_VALUE = 1, 1000  # what a retention rule accepts
_UNIT_WORDS = "days, weeks, months or years"


@dataclass(frozen=True)
class ParsedTerm:
    """A retention term read from free text, with the text it came from.

    ``duration_value``/``duration_unit`` and ``open_ended_term`` exclude each other,
    as on a retention rule. ``fields_to_confirm`` names the rule fields a person
    must check; ``note`` says why. ``archive`` is the intermediate-archive phase that
    follows the active one ("... puis 3 ans en archivage intermédiaire"); its
    duration runs from the same starting event to the end of the archive.
    """

    original: str
    duration_value: int | None = None
    duration_unit: RetentionUnit | None = None
    open_ended_term: str = ""
    trigger: TriggerEvent | None = None
    end_of_life_action: EndOfLifeAction | None = None
    fields_to_confirm: tuple[str, ...] = ()
    note: str = ""
    archive: ParsedTerm | None = None

    @property
    def to_confirm(self) -> bool:
        """Whether a person must check this term (or its archive phase)."""
        return bool(self.fields_to_confirm) or bool(self.archive and self.archive.to_confirm)


def parse_retention(text: str) -> ParsedTerm:
    """Read a retention period written in French or English.

    "2 ans après le dernier contact" gives 2 years from the last contact; "while
    the account is active" an open-ended term until account closure; "3 à 5 ans"
    an open-ended term to confirm. ``original`` is always ``text`` unchanged.
    """
    line = " ".join(text.split())
    if not line:
        return ParsedTerm(text, fields_to_confirm=("open_ended_term",), note=_NO_TERM)
    p = prepare(line)
    flag = _red_flag(p)
    if flag:
        return _open(text, line, flag)
    return _combine(text, p, segments(p))


_NO_TERM = "No retention period is given."


def _open(original: str, line: str, note: str) -> ParsedTerm:
    term = line if len(line) <= NAME_LENGTH else line[: NAME_LENGTH - 1] + "…"
    return ParsedTerm(
        original, open_ended_term=term, fields_to_confirm=("open_ended_term",), note=note
    )


def _red_flag(p: Prepared) -> str:
    """Why the whole wording must stay open-ended, or "" when nothing forbids reading it."""
    if m := w.BAD_UNIT.search(p.main):
        said = p.quote(m.start(), m.end())
        if any(word in said for word in ("ouvr", "franc", "working", "business", "bank", "clear")):
            return (
                f"“{said}” counts working days, which cannot be turned into calendar days; "
                f"give the term in calendar {_UNIT_WORDS}."
            )
        hours = _hours(m[0])
        also = f" ({hours} hours is {hours // 24} days)" if hours and hours % 24 == 0 else ""
        return f"“{said}” is not in {_UNIT_WORDS}, the units a retention rule uses{also}."
    found = list(w.DURATION.finditer(p.main))
    spans = {m.span() for m in found}
    for m in w.RANGE.finditer(p.main):
        if m.span() not in spans:  # "vingt et un jours" is one number
            said = p.quote(m.start(), m.end())
            return (
                f"“{said}” is a range or a choice, not one duration; choose the duration to keep."
            )
    if m := w.FRACTION.search(p.folded):
        said = p.quote(m.start(), m.end(), folded=True)
        return f"“{said}” is not a whole number of {_UNIT_WORDS}; give it in a smaller unit."
    if m := w.MINIMUM.search(p.main):
        said = p.quote(m.start(), m.end())
        return f"“{said}” gives a minimum, not the end of the retention period; give the maximum."
    if m := w.APPROXIMATE.search(p.main):
        said = p.quote(m.start(), m.end())
        return f"“{said}” makes the term approximate; give the exact duration."
    inside = any(p.aside[m.start()] for m in found)
    if len(found) > 2 or (len(found) == 2 and inside):
        listed = ", ".join(f"“{p.quote(m.start(), m.end())}”" for m in found)
        return f"The wording gives several durations ({listed}); keep one per rule."
    for m in found:
        value = w.number_value(m["num"])
        if not _MIN_VALUE <= value <= _MAX_VALUE:
            return f"A duration of {value} cannot be stored; a rule takes 1 to 1,000 {_UNIT_WORDS}."
    return ""


def _hours(said: str) -> int:
    digits = "".join(ch for ch in said if ch.isdigit())
    return int(digits) if digits and ("h" in said.replace("th", "")) else 0


class _Doubt:
    """Fields to confirm and why, gathered while a term is put together."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.notes: list[str] = []

    def add(self, field_name: str, note: str) -> None:
        if field_name not in self.fields:
            self.fields.append(field_name)
        self.notes.append(note)

    def apply(self, term: ParsedTerm) -> ParsedTerm:
        return replace(term, fields_to_confirm=tuple(self.fields), note=" ".join(self.notes))


def _combine(original: str, p: Prepared, segs: list[Segment]) -> ParsedTerm:
    line = p.line
    for seg in segs:
        if seg.choice == "term":
            said = _text(p, seg)
            return _open(original, line, f"“{said}” offers a choice of terms; choose one.")
    if any(seg.many for seg in segs):
        listed = ", ".join(f"“{p.quote(*m.span())}”" for m in w.DURATION.finditer(p.main))
        return _open(
            original, line, f"The wording gives several durations ({listed}); keep one per rule."
        )
    core = list(segs)
    tail: list[Segment] = []
    while core and core[-1].kind == "X" and len(core) > 1:
        tail.insert(0, core.pop())
    kinds = "".join(seg.kind for seg in core)
    if kinds == "U":
        doubt = _Doubt()
        _unknown_phase(core[0], doubt)
        action = _actions(None, tail, doubt)
        term = ParsedTerm(
            original, open_ended_term=core[0].unknown_phase, end_of_life_action=action
        )
        return doubt.apply(term)
    if not any(seg.duration or seg.phase for seg in core):
        said = f"“{line}”" if len(line) <= 80 else "The wording"
        return _open(original, line, f"{said} gives no duration; give the term in {_UNIT_WORDS}.")
    if kinds == "UD":
        doubt = _Doubt()
        _unknown_phase(core[0], doubt)
        dur = core[1]
        dur.trigger, dur.backref, dur.unknown_event = None, False, ""
        return _duration_term(original, dur, None, tail, only_archive=dur.archive, doubt=doubt)
    if "?" in kinds or kinds not in ("D", "A", "AD", "DD"):
        unread = [seg.residue for seg in core if seg.kind == "?" and seg.residue]
        what = f" (“{'”, “'.join(unread)}”)" if unread else ""
        return _open(original, line, f"Part of the wording{what} could not be read as a term.")
    if kinds == "D":
        return _duration_term(original, core[0], None, tail, only_archive=core[0].archive)
    if kinds == "A":
        return _phase_term(original, p, core[0], tail, then_archive=False)
    if kinds == "AD":
        phase, dur = core
        if not dur.archive:
            return _duration_term(original, dur, phase.phase, tail, only_archive=False)
        top = _phase_term(original, p, phase, [], then_archive=True)
        arch = _duration_term(_text(p, dur), dur, phase.phase, tail, only_archive=False)
        return replace(top, archive=arch)
    return _two_durations(original, p, core[0], core[1], tail)


def _text(p: Prepared, seg: Segment) -> str:
    return p.quote(seg.start, seg.end)


def _actions(seg: Segment | None, tail: list[Segment], doubt: _Doubt) -> EndOfLifeAction | None:
    found: set[EndOfLifeAction] = set()
    for part in [seg, *tail] if seg else tail:
        found |= part.actions
        if part.archive and not part.duration:
            found.add(EndOfLifeAction.ARCHIVE)
        if part.permanent:
            doubt.add(
                "end_of_life_action",
                f"“{part.permanent}” (permanent archiving) is not an end-of-life action a rule "
                "has; say what happens to the data and keep this in the note.",
            )
        if part.choice == "action":
            doubt.add("end_of_life_action", "The wording offers a choice of actions; choose one.")
            return None
    if len(found) > 1:
        doubt.add(
            "end_of_life_action",
            "The wording names more than one end-of-life action; choose one.",
        )
        return None
    return next(iter(found), None) if "end_of_life_action" not in doubt.fields else None


def _doubts_of(seg: Segment, doubt: _Doubt) -> None:
    if seg.condition:
        doubt.add(
            "duration_value", f"The wording adds a condition (“{seg.condition}”); check the term."
        )
    if seg.residue:
        doubt.add(
            "duration_value" if seg.duration else "open_ended_term",
            f"Part of the wording (“{seg.residue}”) was not read; check the term.",
        )


def _unknown_phase(seg: Segment, doubt: _Doubt) -> None:
    doubt.add(
        "trigger",
        f"The end of “{seg.unknown_phase}” is not one of the starting events a rule can have; "
        "choose the nearest one or leave it empty.",
    )


def _trigger(seg: Segment, inherited: TriggerEvent | None, doubt: _Doubt) -> TriggerEvent | None:
    if seg.choice == "event":
        doubt.add("trigger", "The wording names more than one starting event; choose one.")
        return None
    if seg.unknown_event:
        doubt.add(
            "trigger",
            f"“{seg.unknown_event}” is not one of the starting events a rule can have; "
            "choose the nearest one or leave it empty.",
        )
        return None
    if seg.trigger and inherited and seg.trigger is not inherited:
        doubt.add(
            "trigger",
            f"The wording names two starting events ({inherited.label.lower()} and "
            f"{seg.trigger.label.lower()}); choose one.",
        )
        return None
    if seg.backref and inherited is None:
        doubt.add("trigger", "The wording does not say what the period is counted from.")
        return None
    return seg.trigger or inherited


def _duration_term(
    original: str,
    seg: Segment,
    inherited: TriggerEvent | None,
    tail: list[Segment],
    *,
    only_archive: bool,
    doubt: _Doubt | None = None,
) -> ParsedTerm:
    assert seg.duration is not None
    doubt = doubt or _Doubt()
    value, unit = seg.duration
    trigger = _trigger(seg, inherited, doubt)
    action = _actions(seg, tail, doubt)
    _doubts_of(seg, doubt)
    if only_archive:
        doubt.add(
            "duration_value",
            "The wording gives only the intermediate-archive period; say how long the data "
            "is in active use before it.",
        )
    return doubt.apply(
        ParsedTerm(
            original,
            duration_value=value,
            duration_unit=unit,
            trigger=trigger,
            end_of_life_action=action,
        )
    )


def _phase_term(
    original: str, p: Prepared, seg: Segment, tail: list[Segment], *, then_archive: bool
) -> ParsedTerm:
    doubt = _Doubt()
    action = EndOfLifeAction.ARCHIVE if then_archive else _actions(seg, tail, doubt)
    _doubts_of(seg, doubt)
    if doubt.fields and "open_ended_term" not in doubt.fields:
        doubt.fields.insert(0, "open_ended_term")
    term = p.quote(seg.phase_start + seg.start, seg.end) if seg.phase else p.line
    return doubt.apply(
        ParsedTerm(
            original,
            open_ended_term=term[:NAME_LENGTH],
            trigger=seg.phase,
            end_of_life_action=action,
        )
    )


def _two_durations(
    original: str, p: Prepared, active: Segment, arch: Segment, tail: list[Segment]
) -> ParsedTerm:
    """An active period, then an archive one ("3 ans en base active puis 2 ans en archive")."""
    if active.archive or not arch.archive or arch.trigger or arch.unknown_event:
        listed = f"“{_text(p, active)}” and “{_text(p, arch)}”"
        return _open(
            original, p.line, f"The wording gives several durations ({listed}); keep one per rule."
        )
    assert active.duration is not None and arch.duration is not None
    top = _duration_term(original, active, None, [], only_archive=False)
    if top.end_of_life_action not in (None, EndOfLifeAction.ARCHIVE):
        return _open(
            original, p.line, "The wording names two ends for the active period; choose one."
        )
    top = replace(top, end_of_life_action=EndOfLifeAction.ARCHIVE)
    total = _add(active.duration, arch.duration)
    doubt = _Doubt()
    action = _actions(arch, tail, doubt)
    _doubts_of(arch, doubt)
    text = _text(p, arch)
    if total is not None and total[0] > _MAX_VALUE:
        total = None
    if total is None:
        doubt.add(
            "open_ended_term",
            f"“{_text(p, active)}” and “{text}” cannot be added into one duration of a rule; "
            "give the archive's end from the starting event.",
        )
        archive = ParsedTerm(text, open_ended_term=text, trigger=top.trigger)
    else:
        archive = ParsedTerm(
            text,
            duration_value=total[0],
            duration_unit=total[1],
            trigger=top.trigger,
            end_of_life_action=action,
        )
        doubt.notes.insert(
            0,
            f"{_span(*arch.duration)} in intermediate archive after {_span(*active.duration)} "
            f"of active use: {_span(*total)} in all.",
        )
    return replace(top, archive=doubt.apply(archive))


def _span(value: int, unit: RetentionUnit) -> str:
    return f"{value} {unit.label.removesuffix('s') if value == 1 else unit.label}"


_IN_MONTHS = {RetentionUnit.YEARS: 12, RetentionUnit.MONTHS: 1}
_IN_DAYS = {RetentionUnit.WEEKS: 7, RetentionUnit.DAYS: 1}


def _add(
    a: tuple[int, RetentionUnit], b: tuple[int, RetentionUnit]
) -> tuple[int, RetentionUnit] | None:
    """The sum of two durations when it is exact (a month has no fixed number of days)."""
    if a[1] is b[1]:
        return a[0] + b[0], a[1]
    for table, unit in ((_IN_MONTHS, RetentionUnit.MONTHS), (_IN_DAYS, RetentionUnit.DAYS)):
        if a[1] in table and b[1] in table:
            return a[0] * table[a[1]] + b[0] * table[b[1]], unit
    return None
