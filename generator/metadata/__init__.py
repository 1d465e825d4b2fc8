"""The second front half: a service's metadata (OData CSDL) beside the docs.

``read_metadata`` reads a CSDL file into the model's vocabulary (``csdl``, safely: ``xml``);
``reconcile`` joins it with the docs' model into the model every back half reads, with a
finding for each place where the docs disagree with the service. This face only re-exports.
"""

from .csdl import ContainerMember, Metadata, ServiceOperation, read_metadata
from .reconcile import Reconciled, reconcile

__all__ = ["ContainerMember", "Metadata", "Reconciled", "ServiceOperation", "read_metadata", "reconcile"]
