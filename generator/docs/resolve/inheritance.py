"""Base types, entity-or-complex, and rows that pages repeat from their bases.

Base evidence comes in strengths, strongest first: an annotation's ``baseType``; the
page's own sentence ("Inherits from [x]"); a base page's list of its subtypes; an
annotation that names only the root (``baseType: entity``, which writers put by
default); the order of "Inherited from" rows on a derived page (the rows of the root
come first, so each owner is the base of the next). The strongest wins; cycles are
reported and broken at their weakest edge.
"""

from __future__ import annotations

import collections
import re
from typing import TYPE_CHECKING

import attrs

from ...model.kinds import TypeKind
from ...model.diagnostics import Diagnostic, diag
from ...model import ENTITY_ROOT, Property, TypeDef, TypeRef
from ..parse.facts import PageFacts, TypeFacts
from ..parse.typecell import TypeSpelling
from ...model.counting import most_common

if TYPE_CHECKING:
    from .context import ResolveContext

_ABSTRACT = re.compile(r"\babstract\b", re.IGNORECASE)


def says_abstract(description: str) -> bool:
    return bool(_ABSTRACT.search(description))


ANNOTATION, PROSE, SUBTYPE_LIST, ROOT_ANNOTATION, ROW_ORDER = 5, 4, 3, 2, 1


def claim_strength(source: str, names_root: bool) -> int:
    """How much a page's own claim of its base weighs (``source``: "annotation" or "prose")."""
    if source != "annotation":
        return PROSE
    return ROOT_ANNOTATION if names_root else ANNOTATION


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
        self.add(qualified, chain[-1], ROW_ORDER, file, line)
        for base, derived in zip(chain, chain[1:]):
            self.add(derived, base, ROW_ORDER, file, line)


def choose_bases(types: dict[str, TypeDef], evidence: BaseEvidence, problems: list[Diagnostic]) -> None:
    strength: dict[str, int] = {}
    for qualified in sorted(evidence.by_type):
        typedef = types.get(qualified)
        if typedef is None or typedef.kind is TypeKind.ENUM:
            continue
        claims = evidence.by_type[qualified]
        best = max(claim.strength for claim in claims)
        strongest = [claim for claim in claims if claim.strength == best]
        votes = collections.Counter(claim.base for claim in strongest)
        chosen = most_common(votes)
        if best > ROW_ORDER and len(votes) > 1:
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
        # Where the type's own page says it (the fix of a wrong base goes there); 0: only implied.
        typedef.base_line = next((c.line for c in strongest if c.base == chosen and c.file == typedef.source), 0)
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
            types[weakest].base_line = 0
        done.update(path)


def assign_kinds(
    types: dict[str, TypeDef],
    facts: dict[str, list[tuple[PageFacts, TypeFacts]]],
    addressed: set[str],
    silent: set[str],
) -> None:
    """Entity or complex for every non-enum type, from its signals and its relatives.

    ``addressed``: types that operations address by key, create or list; ``silent``: method
    pages whose rows in a Methods table say nothing of a type's kind (an action, a function,
    a property read). A row to another page of the reference counts as an entity's.
    """
    entity_votes = _entity_signals(types, facts, addressed, silent)
    complex_votes = {q for q, group in facts.items() if any(f.title_kind is TypeKind.COMPLEX for _, f in group)}
    children: dict[str, list[str]] = collections.defaultdict(list)
    for qualified, typedef in types.items():
        if typedef.base:
            children[typedef.base].append(qualified)
    kind: dict[str, TypeKind] = {}
    # Entity-ness flows both ways: an entity's bases and subtypes are entities too.
    for seed in sorted(entity_votes):
        _spread(seed, TypeKind.ENTITY, types, children, kind, complex_votes)
    for seed in sorted(complex_votes):
        _spread(seed, TypeKind.COMPLEX, types, children, kind, set())
    for qualified, typedef in types.items():
        if typedef.kind is not TypeKind.ENUM:
            typedef.kind = kind.get(qualified, TypeKind.COMPLEX)


def _spread(
    seed: str,
    value: TypeKind,
    types: dict[str, TypeDef],
    children: dict[str, list[str]],
    kind: dict[str, TypeKind],
    stop: set[str],
) -> None:
    pending = [seed]
    while pending:
        current = pending.pop()
        if current in kind or current not in types or types[current].kind is TypeKind.ENUM:
            continue
        if current in stop and current != seed:
            continue
        kind[current] = value
        pending.extend(children.get(current, []))
        base = types[current].base
        if base:
            pending.append(base)


def _entity_signals(
    types: dict[str, TypeDef],
    facts: dict[str, list[tuple[PageFacts, TypeFacts]]],
    addressed: set[str],
    silent: set[str],
) -> set[str]:
    votes = set(addressed)
    for qualified, typedef in types.items():
        if typedef.kind is TypeKind.ENUM:
            continue
        if typedef.name == ENTITY_ROOT or _has_key_row(typedef, facts.get(qualified, [])):
            votes.add(qualified)
        if any(prop.navigation for prop in typedef.properties):
            votes.add(qualified)
        for prop in typedef.properties:
            # Only entity types can be the target of a navigation property.
            if prop.navigation and prop.type.name in types:
                votes.add(prop.type.name)
    for qualified, group in facts.items():
        for _, type_facts in group:
            if type_facts.title_kind is TypeKind.ENTITY:
                votes.add(qualified)
            if any(row.target and row.target.startswith("api/") and row.target not in silent for row in type_facts.methods):
                votes.add(qualified)
    return {vote for vote in votes if vote in types and types[vote].kind is not TypeKind.ENUM}


def _has_key_row(typedef: TypeDef, group: list[tuple[PageFacts, TypeFacts]]) -> bool:
    """A ``keyProperty`` counts when a page lists that row: annotations copy ``"keyProperty": "id"``
    onto complex types too."""
    key = (typedef.key or "").lower()
    return bool(key) and any(row.name.lower() == key for _, type_facts in group for row in type_facts.properties)


def drop_repeated_rows(types: dict[str, TypeDef]) -> None:
    """A derived page that repeats its bases' rows without saying so does not redeclare them."""
    declared = {qualified: {prop.name for prop in typedef.properties} for qualified, typedef in types.items()}
    lineage: dict[str, frozenset[str]] = {}
    for qualified in sorted(types):
        typedef = types[qualified]
        typedef.row_ends = _row_ends(typedef)
        if typedef.kind is TypeKind.ENUM or not typedef.base:
            continue
        inherited = _inherited_names(types, qualified, declared, lineage)
        if inherited:
            typedef.properties = [prop for prop in typedef.properties if prop.name not in inherited]


def _row_ends(typedef: TypeDef) -> tuple[int, int]:
    """The last property row and the last relationship row on the type's page, repeats included."""
    own = [prop for prop in typedef.properties if prop.file and prop.file == typedef.source]
    return (max((p.line for p in own if not p.navigation), default=0), max((p.line for p in own if p.navigation), default=0))


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


def collect_bases(ctx: ResolveContext) -> None:
    for qualified, page, facts in ctx.definitions():
        for claim in facts.bases:
            spelling = TypeSpelling(raw=claim.name, name=claim.name, target=claim.target)
            base = ctx.resolve_spelling(spelling, claim.target, None, page, line=claim.line)
            if base and base != qualified:
                strength = claim_strength(claim.source, base.rpartition(".")[2] == ENTITY_ROOT)
                ctx.base_evidence.add(qualified, base, strength, page.path, claim.line)
        for link in facts.derived:
            # A base page listing its subtypes: trusted only when the link's page is here.
            derived = ctx.index.find(None, link.target, link.anchor, page.namespace)
            if derived and derived != qualified:
                ctx.base_evidence.add(derived, qualified, SUBTYPE_LIST, page.path, facts.line)
    choose_bases(ctx.types, ctx.base_evidence, ctx.diagnostics)


def entity_root(ctx: ResolveContext) -> None:
    """``entity`` is the root of entity types, and ``id`` is its property."""
    root = f"{ctx.main_namespace}.{ENTITY_ROOT}"
    roots = [
        typedef
        for qualified, typedef in ctx.types.items()
        if typedef.kind is TypeKind.ENTITY and typedef.base is None and qualified != root
    ]
    if not roots:
        return
    entity = ctx.types.get(root)
    if entity is None:
        entity = TypeDef(name=ENTITY_ROOT, namespace=ctx.main_namespace, kind=TypeKind.ENTITY, source=None)
        ctx.types[root] = entity
        ctx.index.add(root, None)
    entity.kind = TypeKind.ENTITY
    for typedef in roots:
        typedef.base = root
        own_id = typedef.property("id")
        if own_id is not None and entity.property("id") is None:
            entity.properties.insert(0, own_id)
    if entity.property("id") is None:
        entity.properties.insert(0, Property("id", TypeRef("Edm.String"), description="The unique identifier."))
