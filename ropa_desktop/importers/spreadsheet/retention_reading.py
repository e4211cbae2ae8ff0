"""Retention wording cut into segments ("durée du contrat" + "5 ans"), each read alone.

A segment is one phase of the wording: a duration with its starting event, an
open-ended phase ("while the account is active") or an end-of-life action ("then
anonymised"). ``retention_phrases`` puts the segments together into a term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.importers.spreadsheet import retention_words as w
from ropa_desktop.importers.spreadsheet.text import fold_mapped

# Triggers an open-ended phase can run until ("jusqu'à la fin du contrat").
_PHASE_ENDS = (
    TriggerEvent.END_OF_CONTRACT,
    TriggerEvent.ACCOUNT_CLOSURE,
    TriggerEvent.END_OF_LEGAL_HOLD,
)


@dataclass
class Prepared:
    """One wording in the forms the readers search."""

    line: str  # the wording on one line
    main: str  # folded and cleaned: no accents, punctuation as spaces, brackets dropped
    where: list[int]  # index in ``line`` of each character of ``main``
    aside: list[bool]  # whether each character of ``main`` was in brackets
    folded: str  # folded only, punctuation kept
    folded_where: list[int]

    def quote(self, start: int, end: int, *, folded: bool = False) -> str:
        """The words of ``line`` behind ``main[start:end]`` (or ``folded[start:end]``)."""
        where = self.folded_where if folded else self.where
        first, last = where[start], where[end - 1] + 1
        # ``main`` blanks brackets: a bracket the quote opens is closed in it too.
        while last < len(self.line) and self.line[last] in " )]}":
            said = self.line[first:last]
            if sum(map(said.count, "([{")) <= sum(map(said.count, ")]}")):
                break
            last += 1
        return self.line[first:last].strip(" ,;:.")


def _collapse(
    chars: list[str], where: list[int], inside: list[bool]
) -> tuple[str, list[int], list[bool]]:
    out: list[str] = []
    pos: list[int] = []
    aside: list[bool] = []
    for ch, i, flag in zip(chars, where, inside, strict=True):
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        pos.append(i)
        aside.append(flag)
    while out and out[-1] == " ":
        out.pop()
        pos.pop()
        aside.pop()
    return "".join(out), pos, aside


def prepare(line: str) -> Prepared:
    """``line`` folded for the patterns of ``retention_words``, mapped back to its words."""
    folded, where = fold_mapped(line)
    chars: list[str] = []
    inside: list[bool] = []
    depth = 0
    for ch in folded:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        chars.append(ch if ch.isalnum() or ch in "+-;" else " ")
        inside.append(depth > 0)
    main, main_where, aside = _collapse(chars, where, inside)
    return Prepared(line, main, main_where, aside, folded, where)


@dataclass
class Segment:
    """What one phase of the wording says; ``start``/``end`` are offsets in ``main``."""

    start: int
    end: int
    duration: tuple[int, RetentionUnit] | None = None
    many: bool = False
    trigger: TriggerEvent | None = None
    backref: bool = False
    unknown_event: str = ""
    phase: TriggerEvent | None = None
    phase_start: int = 0
    unknown_phase: str = ""
    actions: set[EndOfLifeAction] = field(default_factory=set)
    archive: bool = False
    permanent: str = ""
    condition: str = ""
    choice: str = ""  # "event", "action" or "term": where the wording offers a choice
    residue: str = ""  # the wording from the first to the last word not read

    @property
    def kind(self) -> str:
        """D a duration, A an open-ended phase, U a phase with an unknown end, X an
        end-of-life action alone, ? anything else."""
        if self.many:
            return "?"
        if self.duration:
            return "D"
        if self.phase:
            return "A"
        if self.unknown_phase:
            return "U"
        if (self.actions or self.archive or self.permanent) and not self.residue:
            return "X"
        return "?"


def _cover(covered: list[bool], start: int, end: int) -> None:
    for i in range(max(0, start), min(len(covered), end)):
        covered[i] = True


def _segment(p: Prepared, start: int, end: int) -> Segment:
    s = p.main[start:end]
    seg = Segment(start, end)
    covered = [False] * len(s)
    for m in w.FILLER_PHRASES.finditer(s):
        _cover(covered, m.start(), m.end())
    durations = list(w.DURATION.finditer(s))
    seg.many = len(durations) > 1
    region_end = len(s)
    if durations:
        d = durations[0]
        seg.duration = (w.number_value(d["num"]), w.UNITS[d["unit"]])
        _cover(covered, d.start(), d.end())
    if m_perm := w.PERMANENT_ARCHIVE.search(s):
        seg.permanent = p.quote(start + m_perm.start(), start + m_perm.end())
        _cover(covered, m_perm.start(), m_perm.end())
        region_end = min(region_end, m_perm.start())
    elif m_arch := w.ARCHIVE.search(s):
        seg.archive = True
        _cover(covered, m_arch.start(), m_arch.end())
        region_end = min(region_end, m_arch.start())
    event_span = (len(s), len(s))
    if durations:
        conn = w.CONNECTOR.search(s, durations[0].end())
        if conn and conn.start() < region_end:
            event_span = (conn.end(), region_end)
            _read_event(p, seg, start, conn.end(), region_end)
            _cover(covered, conn.start(), region_end)
    for pattern, action in w.ACTIONS:
        for m in pattern.finditer(s):
            if not event_span[0] <= m.start() < event_span[1]:
                seg.actions.add(action)
                _cover(covered, m.start(), m.end())
    if not durations:
        _read_phase(p, seg, start, s, covered)
    if m_cond := w.CONDITION.search(s):
        seg.condition = p.quote(start + m_cond.start(), end)
        _cover(covered, m_cond.start(), len(s))
    for m in w.ALTERNATIVE.finditer(s):
        if "ù" in p.quote(start + m.start(), start + m.end()).casefold():
            continue  # French "où" (where), not "ou" (or)
        _cover(covered, m.start(), m.end())
        if event_span[0] <= m.start() < event_span[1]:
            seg.choice = seg.choice or "event"
        elif seg.kind == "X":
            seg.choice = seg.choice or "action"
        else:
            seg.choice = "term"
    unread = [
        m.span()
        for m in re.finditer(r"\S+", s)
        if not all(covered[m.start() : m.end()])
        and not p.aside[start + m.start()]  # a reference or an example in brackets
        and m[0] not in w.FILLERS
        and any(ch.isalnum() for ch in m[0])
    ]
    if unread:
        seg.residue = p.quote(start + unread[0][0], start + unread[-1][1])
    return seg


def _read_event(p: Prepared, seg: Segment, offset: int, start: int, end: int) -> None:
    raw = p.main[offset + start : offset + end]
    text = raw.strip()
    if not text:
        seg.backref = True
        return
    best = max(((pat.match(text), trig) for pat, trig in w.EVENTS), key=lambda x: _length(x[0]))
    if best[0] is not None:
        seg.trigger = best[1]
    elif w.BACKREF.match(text):
        seg.backref = True
    else:
        lead = len(raw) - len(raw.lstrip())
        seg.unknown_event = p.quote(offset + start + lead, offset + end)


def _length(m: re.Match[str] | None) -> int:
    return -1 if m is None else m.end() - m.start()


def _read_phase(p: Prepared, seg: Segment, offset: int, s: str, covered: list[bool]) -> None:
    for until in w.UNTIL.finditer(s):
        rest = s[until.end() :]
        for pat, trig in w.EVENTS:
            if trig in _PHASE_ENDS and pat.match(rest):
                seg.phase, seg.phase_start = trig, until.start()
                _cover(covered, until.start(), len(s))
                return
    found = [(m, trig) for pat, trig in w.PHASES if (m := pat.search(s))]
    if found:
        m, trig = min(found, key=lambda x: (x[0].start(), -x[0].end()))
        seg.phase, seg.phase_start = trig, m.start()
        _cover(covered, m.start(), len(s))
    elif unknown := w.UNKNOWN_PHASE.search(s):
        seg.unknown_phase = p.quote(offset + unknown.start(), offset + len(s))
        _cover(covered, unknown.start(), len(s))


def segments(p: Prepared) -> list[Segment]:
    """The wording cut at "puis", "then", "+", "et", ";" (not inside "vingt et un jours")."""
    spans = [(m.start(), m.end()) for m in w.DURATION.finditer(p.main)]
    cuts = [
        m for m in w.SEPARATOR.finditer(p.main) if not any(a <= m.start() < b for a, b in spans)
    ]
    out = []
    start = 0
    for m in [*cuts, None]:
        end = m.start() if m else len(p.main)
        if p.main[start:end].strip():
            out.append(_segment(p, start, end))
        start = m.end() if m else end
    return out
