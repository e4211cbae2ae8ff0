"""Conflicting retention periods: one data category kept differently by different activities.

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

from ropa_desktop.domain.enums import Status
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
    """A data category kept for different periods by different activities.

    Uses with the same normalised term form a group; ``differs`` names the pairs of
    groups whose terms differ and that involve more than one activity. Work grows
    with the number of distinct terms, not with the square of the activities.
    """

    data_category: str
    category_name: str
    uses: tuple[CategoryUse, ...]
    reasons: tuple[str, ...]  # e.g. "duration", "open_ended_vs_fixed", "end_of_life_action"
    groups: tuple[tuple[int, ...], ...] = ()  # indexes into ``uses``, one tuple per term
    differs: tuple[tuple[int, int, tuple[str, ...]], ...] = ()  # (group, group, reasons)

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

    @cached_property
    def _owners(self) -> list[Counter[str | None]]:
        return [Counter(self.uses[i].activity_key for i in m) for m in self.groups]

    def partner_groups(self, rule_key: str, limit: int = 5) -> list[tuple[str, list[str], int]]:
        """For each period that differs from the rule's: (term, up to ``limit`` labels of
        other activities keeping the category for it, how many such uses in all)."""
        if rule_key not in self._position:
            return []
        group, use = self._position[rule_key]
        out = []
        for other in self._neighbours.get(group, []):
            count = len(self.groups[other]) - self._owners[other][use.activity_key]
            if not count:
                continue
            labels = []
            for i in self.groups[other]:
                if self.uses[i].activity_key != use.activity_key:
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
                if len(self.groups[other]) > self._owners[other][use.activity_key]:
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
        label = f"{act.reference} {act.name}" if act else (rule.activity or "All activities")
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
    """Data categories that different activities keep for different terms.

    Rules of one activity are not compared with each other (an active period and an
    archive period are two phases, not a contradiction).
    """
    acts = {a.key: a for a in activities}
    by_category: dict[str, list[tuple[CategoryUse, Term]]] = {}
    for use, term in category_uses(rules, acts):
        by_category.setdefault(use.data_category, []).append((use, term))
    out = []
    for cat in sorted(by_category, key=lambda c: category_names.get(c, c).casefold()):
        entries = by_category[cat]
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
                # Two groups held only by one and the same activity are phases, not a conflict.
                if why and len(owners[g] | owners[h]) > 1:
                    differs.append((g, h, tuple(why)))
        if differs:
            out.append(
                RetentionConflict(
                    cat,
                    category_names.get(cat, cat),
                    tuple(u for u, _ in entries),
                    tuple(sorted({r for _, _, why in differs for r in why})),
                    tuple(tuple(m) for m in members),
                    tuple(differs),
                )
            )
    return out
