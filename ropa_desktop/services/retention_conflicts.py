"""Conflicting retention periods: one data category kept for two periods where only one
can apply.

A real conflict is one data category kept for different periods

- within one activity (two rules of the activity cover it), unless one of them ends by
  archiving: an active period and then an archive period are two phases;
- by different activities for the same purpose (purposes compared by their wording,
  case and spacing aside): the same data for the same end;
- by a rule for all activities and an activity's own rule.

Different activities keeping a category for different purposes are not compared:
identity data kept two years after a recruitment and ten after a contract is two
rules for two ends, not a contradiction.

Durations are compared normalised (3 years and 36 months are equal); an open-ended
term against a fixed duration, different starting events or different end-of-life
actions are conflicts to review too. An unspecified starting event or action
contradicts nothing: the missing value is reported as "to confirm" elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from ropa_desktop.domain.enums import EndOfLifeAction, Status
from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec
from ropa_desktop.services.retention_terms import Term, describe_term, term_differences, term_of


def rules_in_force(
    rules: Iterable[RetentionRuleRec], activities: Mapping[str, ActivityRec]
) -> list[RetentionRuleRec]:
    """Rules still in force: those of retired activities are left out, as in checks.py."""
    out = []
    for rule in rules:
        act = activities.get(rule.activity or "")
        if act is None or act.status is not Status.RETIRED:
            out.append(rule)
    return out


@dataclass(frozen=True)
class CategoryUse:
    """One activity keeping one data category under one rule."""

    data_category: str
    rule_key: str
    activity_key: str | None  # None: a rule for the category across all activities
    activity_label: str
    term: str  # describe_term() of the rule


@dataclass(frozen=True)
class RetentionConflict:
    """A data category kept for different periods within one scope: one activity, one
    purpose shared by several activities, or a rule for all activities.

    Uses with the same normalised term form a group; ``differs`` names the pairs of
    groups whose terms differ (across a purpose, only pairs involving more than one
    activity). Work grows with the number of distinct terms, not with the square of
    the activities.
    """

    data_category: str
    category_name: str
    uses: tuple[CategoryUse, ...]
    reasons: tuple[str, ...]  # e.g. "duration", "open_ended_vs_fixed", "end_of_life_action"
    groups: tuple[tuple[int, ...], ...] = ()  # indexes into ``uses``, one tuple per term
    differs: tuple[tuple[int, int, tuple[str, ...]], ...] = ()  # (group, group, reasons)
    scope: str = ""  # where the periods clash, as a phrase: "within PA-03 Recruitment"
    across: bool = True  # the clash is between activities (False: within one activity)

    @cached_property
    def _position(self) -> dict[str, tuple[int, CategoryUse]]:
        """rule key -> (group, use); a rule covers a category once."""
        return {
            self.uses[i].rule_key: (g, self.uses[i])
            for g, members in enumerate(self.groups)
            for i in members
        }

    @cached_property
    def _neighbours(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for g, h, _ in self.differs:
            out.setdefault(g, []).append(h)
            out.setdefault(h, []).append(g)
        return out

    def _owner(self, use: CategoryUse) -> str | None:
        # Across activities, a use's partners are other activities' uses; within one
        # activity, any other rule's.
        return use.activity_key if self.across else use.rule_key

    @cached_property
    def _owners(self) -> list[Counter[str | None]]:
        return [Counter(self._owner(self.uses[i]) for i in m) for m in self.groups]

    def partner_groups(self, rule_key: str, limit: int = 5) -> list[tuple[str, list[str], int]]:
        """For each period that differs from the rule's: (term, up to ``limit`` labels of
        other activities keeping the category for it, how many such uses in all)."""
        if rule_key not in self._position:
            return []
        group, use = self._position[rule_key]
        out = []
        for other in self._neighbours.get(group, []):
            count = len(self.groups[other]) - self._owners[other][self._owner(use)]
            if not count:
                continue
            labels = []
            for i in self.groups[other]:
                if self._owner(self.uses[i]) != self._owner(use):
                    labels.append(self.uses[i].activity_label)
                    if len(labels) == limit:
                        break
            out.append((self.uses[self.groups[other][0]].term, labels, count))
        return out

    @cached_property
    def rule_keys(self) -> frozenset[str]:
        """Rules whose period differs from that of at least one other activity."""
        out = set()
        for key, (group, use) in self._position.items():
            for other in self._neighbours.get(group, []):
                if len(self.groups[other]) > self._owners[other][self._owner(use)]:
                    out.add(key)
                    break
        return frozenset(out)

    def periods(self, limit: int = 8) -> str:
        """Each distinct period with (up to ``limit``) activities keeping the category for it."""
        parts = []
        for members in self.groups:
            labels = [self.uses[i].activity_label for i in members]
            shown = ", ".join(labels[:limit])
            if len(labels) > limit:
                shown += f" and {len(labels) - limit} more"
            parts.append(f"{self.uses[members[0]].term} ({shown})")
        return "; ".join(parts)


def category_uses(
    rules: Iterable[RetentionRuleRec], activities: Mapping[str, ActivityRec]
) -> list[tuple[CategoryUse, Term]]:
    """Which rule keeps which data category for which activity.

    A rule naming a category covers it; a rule naming only an activity covers each
    category the activity lists that no category rule of the same activity covers.
    """
    live = [(r, t) for r in rules_in_force(rules, activities) if (t := term_of(r)) is not None]
    specific = {(r.activity, r.data_category) for r, _ in live if r.data_category}
    out = []
    for rule, term in live:
        act = activities.get(rule.activity or "")
        label = f"{act.reference} · {act.name}" if act else (rule.activity or "All activities")
        if rule.data_category:
            cats: list[str] = [rule.data_category]
        elif act is not None:
            cats = [u.category for u in act.data_categories]
            cats = [c for c in cats if (rule.activity, c) not in specific]
        else:
            cats = []
        for cat in dict.fromkeys(cats):
            use = CategoryUse(cat, rule.key, rule.activity, label, describe_term(rule))
            out.append((use, term))
    return out


def find_conflicts(
    rules: Iterable[RetentionRuleRec],
    activities: Iterable[ActivityRec],
    category_names: Mapping[str, str],
) -> list[RetentionConflict]:
    """Data categories kept for different terms where one term should apply: within an
    activity, for one purpose, or against a rule for all activities (see the module)."""
    acts = {a.key: a for a in activities}
    by_category: dict[str, list[tuple[CategoryUse, Term]]] = {}
    for use, term in category_uses(rules, acts):
        by_category.setdefault(use.data_category, []).append((use, term))
    out = []
    for cat in sorted(by_category, key=lambda c: category_names.get(c, c).casefold()):
        entries = by_category[cat]
        seen: set[frozenset[str]] = set()
        for kind, scope, members in _scopes(entries, acts):
            found = _conflict(cat, category_names.get(cat, cat), members, kind, scope)
            if found is not None and found.rule_keys not in seen:
                seen.add(found.rule_keys)
                out.append(found)
    return out


_WITHIN, _PURPOSE, _ALL = "activity", "purpose", "all"


def _purpose_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _scopes(
    entries: list[tuple[CategoryUse, Term]], acts: Mapping[str, ActivityRec]
) -> list[tuple[str, str, list[tuple[CategoryUse, Term]]]]:
    """The places one category's uses must agree: each activity, each purpose, and all
    activities when a rule covers them all. Returns (kind, phrase, uses)."""
    within: dict[str, list[tuple[CategoryUse, Term]]] = {}
    purposes: dict[str, tuple[str, list[tuple[CategoryUse, Term]]]] = {}
    for entry in entries:
        use = entry[0]
        act = acts.get(use.activity_key or "")
        if use.activity_key is None:
            continue
        within.setdefault(use.activity_key, []).append(entry)
        for purpose in act.purposes if act else ():
            key = _purpose_key(purpose.description)
            if key:
                purposes.setdefault(key, (purpose.description.strip(), []))[1].append(entry)
    out = [(_WITHIN, f"within {group[0][0].activity_label}", group) for group in within.values()]
    out += [
        (_PURPOSE, f"for the same purpose “{text}”", group) for text, group in purposes.values()
    ]
    if any(use.activity_key is None for use, _ in entries):
        out.append((_ALL, "against the rule for all activities", entries))
    return out


def _conflict(
    cat: str, name: str, entries: list[tuple[CategoryUse, Term]], kind: str, scope: str
) -> RetentionConflict | None:
    index: dict[Term, int] = {}
    members: list[list[int]] = []
    for i, (_, term) in enumerate(entries):
        g = index.setdefault(term, len(members))
        if g == len(members):
            members.append([])
        members[g].append(i)
    terms = list(index)
    owners = [{entries[i][0].activity_key for i in m} for m in members]
    differs = []
    for g in range(len(terms)):
        for h in range(g + 1, len(terms)):
            why = term_differences(terms[g], terms[h])
            if not why:
                continue
            if kind == _WITHIN:
                # A period that ends by archiving, then the archive's: two phases.
                if EndOfLifeAction.ARCHIVE in (terms[g].action, terms[h].action):
                    continue
            elif len(owners[g] | owners[h]) < 2 or (
                kind == _ALL and None not in owners[g] | owners[h]
            ):
                continue  # one activity's phases, or two activities for different ends
            differs.append((g, h, tuple(why)))
    if not differs:
        return None
    return RetentionConflict(
        cat,
        name,
        tuple(u for u, _ in entries),
        tuple(sorted({r for _, _, why in differs for r in why})),
        tuple(tuple(m) for m in members),
        tuple(differs),
        scope=scope,
        across=kind != _WITHIN,
    )
