"""The second front half: a service's metadata (OData CSDL) beside the docs.

``read_metadata`` reads a CSDL file into the model's vocabulary (``csdl``, safely: ``xml``);
``reconcile`` joins it with the docs' model into the model every back half reads, with a
finding for each place where the docs disagree with the service. This face only re-exports,
lazily (``generator.lazy``): a command that reads no metadata never loads the XML reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_face

if TYPE_CHECKING:
    from .csdl import ContainerMember, Metadata, ServiceOperation, read_metadata
    from .reconcile import Reconciled, reconcile

__all__ = ["ContainerMember", "Metadata", "Reconciled", "ServiceOperation", "read_metadata", "reconcile"]
lazy_face(__name__, {"ContainerMember": "csdl", "Metadata": "csdl", "ServiceOperation": "csdl", "read_metadata": "csdl",
                     "Reconciled": "reconcile", "reconcile": "reconcile"})
