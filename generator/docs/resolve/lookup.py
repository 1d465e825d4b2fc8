"""Name lookup: type spellings and links to qualified type names.

A link target is the strongest signal (the page it points to defines the type); link
text and bare names are matched by name, case-insensitively, preferring the page's
own namespace and then the API's main namespace, because the docs differ in case
from the metadata and repeat short names across namespaces.
"""

from __future__ import annotations

import attrs



@attrs.define
class TypeIndex:
    main_namespace: str
    by_lower: dict[str, list[str]] = attrs.Factory(dict)  # short name (lower) -> qualified names
    by_qualified_lower: dict[str, str] = attrs.Factory(dict)
    page_types: dict[str, list[str]] = attrs.Factory(dict)  # page path (lower) -> qualified names
    anchors: dict[tuple[str, str], str] = attrs.Factory(dict)  # (page path lower, anchor) -> enum

    def add(self, qualified: str, page: str | None, anchor: str | None = None) -> None:
        short = qualified.rpartition(".")[2].lower()
        names = self.by_lower.setdefault(short, [])
        if qualified not in names:
            names.append(qualified)
        self.by_qualified_lower.setdefault(qualified.lower(), qualified)
        if page is not None:
            key = page.lower()
            if anchor:
                self.anchors[(key, anchor.lower())] = qualified
            else:
                listed = self.page_types.setdefault(key, [])
                if qualified not in listed:
                    listed.append(qualified)

    def find(self, name: str | None, target: str | None, anchor: str | None, namespace: str) -> str | None:
        """The qualified name a spelling refers to, or None when no page defines it."""
        if target:
            found = self._by_target(target, anchor, name)
            if found:
                return found
        if name:
            return self._by_name(name, namespace)
        return None

    def _by_target(self, target: str, anchor: str | None, name: str | None) -> str | None:
        key = target.lower()
        if anchor and (key, anchor.lower()) in self.anchors:
            return self.anchors[(key, anchor.lower())]
        listed = self.page_types.get(key, [])
        if len(listed) == 1:  # the target is the strongest signal, whatever the link text
            return listed[0]
        if name:
            for qualified in listed:
                if qualified.rpartition(".")[2].lower() == name.rpartition(".")[2].lower():
                    return qualified
        return None

    def _by_name(self, name: str, namespace: str) -> str | None:
        if "." in name:
            exact = self.by_qualified_lower.get(name.lower())
            if exact:
                return exact
            # "graph.x" or an alias namespace: fall back to the short name.
            name = name.rpartition(".")[2]
        candidates = self.by_lower.get(name.lower(), [])
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        for preferred in (namespace, self.main_namespace):
            for qualified in candidates:
                if qualified.rpartition(".")[0] == preferred and qualified.rpartition(".")[2] == name:
                    return qualified
            for qualified in candidates:
                if qualified.rpartition(".")[0] == preferred:
                    return qualified
        return sorted(candidates)[0]

    def qualify(self, name: str, namespace: str, target: str | None) -> str:
        """Qualified name for a type no page defines (an unresolved reference)."""
        if "." in name:
            return name
        if namespace != self.main_namespace and target:
            stem = target.rpartition("/")[2].lower()
            if stem.startswith(namespace.rpartition(".")[2].lower() + "-"):
                return f"{namespace}.{name}"
        return f"{self.main_namespace}.{name}"
