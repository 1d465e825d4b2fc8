"""Base types, entity-or-complex, and rows that pages repeat from their bases.

Base evidence comes in strengths: an annotation's ``baseType`` (3), an "Inherits from"
sentence (2), and the order of "Inherited from" rows on a derived page (1: the rows of
the root come first, so each owner is the base of the next). The strongest wins;
cycles are reported and broken at their weakest edge.
"""

from __future__ import annotations

import collections
import re

import attrs

from ...model.diagnostics import Diagnostic, diag
from ...model import ENTITY_ROOT, TypeDef
from ..parse.facts import PageFacts, TypeFacts

_ABSTRACT = re.compile(r"\babstract\b", re.IGNORECASE)


def says_abstract(description: str) -> bool:
    return bool(_ABSTRACT.search(description))


@attrs.frozen
class _Evidence:
    base: str
    strength: int
    file: str
    line: int


@attrs.define
class BaseEvidence:
    by_type: dict[str, list[_Evidence]] = attrs.Factory(lambda: collections.defaultdict(list))

    def add(self, qualified: str, base: str, strength: int, file: str, line: int) -> None:
        if base != qualified:
            self.by_type[qualified].append(_Evidence(base, strength, file, line))

    def add_row_order(self, qualified: str, owners: list[str], file: str, line: int) -> None:
        """Owners of inherited rows, in order of appearance: root first, nearest base last."""
        chain = [owner for owner in owners if owner != qualified]
        if not chain:
            return
        # ``entity`` is the root whatever the row order: pages that sort their rows by name
        # (itemAddress: itemFacet rows, then "id ... Inherited from entity", then more
        # itemFacet rows) would otherwise make entity derive from itemFacet, a cycle that
        # strips itemFacet's property names from every entity type.
        chain.sort(key=lambda owner: owner.rpartition(".")[2] != ENTITY_ROOT)
        self.add(qualified, chain[-1], 1, file, line)
        for base, derived in zip(chain, chain[1:]):
            self.add(derived, base, 1, file, line)


def choose_bases(types: dict[str, TypeDef], evidence: BaseEvidence, problems: list[Diagnostic]) -> None:
    strength: dict[str, int] = {}
    for qualified in sorted(evidence.by_type):
        typedef = types.get(qualified)
        if typedef is None or typedef.kind == "enum":
            continue
        claims = evidence.by_type[qualified]
        best = max(claim.strength for claim in claims)
        strongest = [claim for claim in claims if claim.strength == best]
        votes = collections.Counter(claim.base for claim in strongest)
        chosen = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[0][0]
        if best >= 2 and len(votes) > 1:
            other = next(claim for claim in strongest if claim.base != chosen)
            problems.append(
                diag(
                    "GEN204",
                    other.file,
                    other.line,
                    f"{typedef.name} is said to derive from {other.base} here and from {chosen} elsewhere; "
                    f"{chosen} is used",
                    type=qualified,
                )
            )
        typedef.base = chosen
        strength[qualified] = best
    _break_cycles(types, strength, evidence, problems)


def _break_cycles(
    types: dict[str, TypeDef], strength: dict[str, int], evidence: BaseEvidence, problems: list[Diagnostic]
) -> None:
    done: set[str] = set()
    for start in sorted(types):
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            typedef = types.get(current)
            current = typedef.base if typedef is not None else None
        if current is not None and current in on_path:
            cycle = path[path.index(current) :]
            weakest = min(cycle, key=lambda name: (strength.get(name, 0), name))
            claim = next(iter(evidence.by_type.get(weakest, [])), None)
            problems.append(
                diag(
                    "GEN202",
                    claim.file if claim else (types[weakest].source or ""),
                    claim.line if claim else types[weakest].line,
                    "base types form a cycle: " + " -> ".join(cycle + [current]) + f"; the base of {weakest} is dropped",
                    type=weakest,
                )
            )
            types[weakest].base = None
        done.update(path)


def assign_kinds(
    types: dict[str, TypeDef],
    facts: dict[str, tuple[PageFacts, TypeFacts]],
    addressed: set[str],
) -> None:
    """Entity or complex for every non-enum type, from its signals and its relatives."""
    entity_votes = _entity_signals(types, facts, addressed)
    complex_votes = {q for q, (_, f) in facts.items() if f.title_kind == "complex"}
    children: dict[str, list[str]] = collections.defaultdict(list)
    for qualified, typedef in types.items():
        if typedef.base:
            children[typedef.base].append(qualified)
    kind: dict[str, str] = {}
    # Entity-ness flows both ways: an entity's bases and subtypes are entities too.
    for seed in sorted(entity_votes):
        _spread(seed, "entity", types, children, kind, complex_votes)
    for seed in sorted(complex_votes):
        _spread(seed, "complex", types, children, kind, set())
    for qualified, typedef in types.items():
        if typedef.kind != "enum":
            typedef.kind = kind.get(qualified, "complex")


def _spread(
    seed: str,
    value: str,
    types: dict[str, TypeDef],
    children: dict[str, list[str]],
    kind: dict[str, str],
    stop: set[str],
) -> None:
    pending = [seed]
    while pending:
        current = pending.pop()
        if current in kind or current not in types or types[current].kind == "enum":
            continue
        if current in stop and current != seed:
            continue
        kind[current] = value
        pending.extend(children.get(current, []))
        base = types[current].base
        if base:
            pending.append(base)


def _entity_signals(
    types: dict[str, TypeDef], facts: dict[str, tuple[PageFacts, TypeFacts]], addressed: set[str]
) -> set[str]:
    votes = set(addressed)
    for qualified, typedef in types.items():
        if typedef.kind == "enum":
            continue
        if typedef.name == ENTITY_ROOT or typedef.key:
            votes.add(qualified)
        if any(prop.navigation for prop in typedef.properties):
            votes.add(qualified)
        for prop in typedef.properties:
            # Only entity types can be the target of a navigation property.
            if prop.navigation and prop.type.name in types:
                votes.add(prop.type.name)
    for qualified, (_, type_facts) in facts.items():
        if type_facts.title_kind == "entity":
            votes.add(qualified)
        if any(row.target and row.target.startswith("api/") for row in type_facts.methods):
            votes.add(qualified)
    return {vote for vote in votes if vote in types and types[vote].kind != "enum"}


def drop_repeated_rows(types: dict[str, TypeDef]) -> None:
    """A derived page that repeats its bases' rows without saying so does not redeclare them."""
    declared = {qualified: {prop.name for prop in typedef.properties} for qualified, typedef in types.items()}
    lineage: dict[str, frozenset[str]] = {}
    for qualified in sorted(types):
        typedef = types[qualified]
        if typedef.kind == "enum" or not typedef.base:
            continue
        inherited = _inherited_names(types, qualified, declared, lineage)
        if inherited:
            typedef.properties = [prop for prop in typedef.properties if prop.name not in inherited]


def _inherited_names(
    types: dict[str, TypeDef], qualified: str, declared: dict[str, set[str]], lineage: dict[str, frozenset[str]]
) -> frozenset[str]:
    """Property names of every ancestor (as declared, before rows are dropped).

    ``lineage`` keeps each ancestor's names with its own ancestors', so that each is
    computed once: walking every chain again made a deep hierarchy quadratic.
    """
    chain: list[str] = []
    seen = {qualified}
    base = types[qualified].base
    while base and base not in seen and base in types and base not in lineage:
        seen.add(base)
        chain.append(base)
        base = types[base].base
    if base and base in seen:  # a cycle (choose_bases breaks them; be exact anyway): no sharing
        return frozenset(name for ancestor in chain for name in declared[ancestor])
    names = lineage.get(base or "", frozenset())
    for ancestor in reversed(chain):
        names = names | declared[ancestor]
        lineage[ancestor] = names
    return names
