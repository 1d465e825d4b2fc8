"""The ApiModel as an OpenAPI 3.1 document: ``gen schema DOCS --format openapi``.

A pure function of the model (``openapi_document``), so that every OpenAPI tool (client
generators, mock servers, linters, gateways) can use what the reference pages say.
The same docs give a byte-identical document: every mapping is built in a fixed order.

Decisions worth knowing:

* One component schema per type, keyed by its qualified name. A derived type is
  ``allOf`` its base plus its declared properties; a type with subtypes carries the
  ``@odata.type`` discriminator with a mapping to every known descendant.
* Properties are nullable (``type: [..., "null"]``): the tables say nothing about
  nullability, and Graph sends ``null`` for unset values. Nothing is ``required`` in a
  type schema: responses honour ``$select`` and examples are shortened.
* Enums are open: a string from the documented members, or any other string (a service
  adds members; Graph's ``unknownFutureValue`` is the sentinel documented for that).
* Pages that document the same method on the same path (one page per subtype, as Intune
  does) become one operation: its body is their nearest common base type (whose
  discriminator tells the subtypes apart), else ``anyOf`` their types.
* Path templates are made valid: ``{id|userPrincipalName}`` becomes ``{id}``, a name
  used twice in one template is told apart by its segment, and templates of one shape
  share the parameter names of the most used spelling (OpenAPI forbids two templates
  that differ only in names).
* ``x-gen`` holds only what OpenAPI has no word for: the page and line of a definition.

This package's face: it only re-exports. The document is built by small collaborators,
each a module: ``schemas`` (components.schemas), ``examples`` (components.examples and
where each example is placed), ``parameters``, ``bodies`` (request bodies, responses),
``security``, ``templates`` (valid path templates), ``paths`` (the operations), and
``document`` (the assembly); ``yaml`` writes the document as YAML; ``validate`` checks
every documented example against its schema (jsonschema; GEN502, GEN503), which is what
``gen schema --format openapi`` prints.

A reader of the model, like lint and drift: a wing of its own that imports ``model`` only.
"""

from .bodies import collection_schema
from .document import OPENAPI_VERSION, OpenApi, openapi_document, openapi_json
from .examples import EXAMPLES, ExampleSchema
from .parameters import ODATA_OPTIONS
from .schemas import EDM_SCHEMAS, SCHEMAS, component_name, nullable, ref
from .security import APPLICATION, AUTHORIZE_URL, DELEGATED, TOKEN_URL, permission_scopes
from .templates import valid_template
from .yaml import to_yaml

__all__ = [
    "APPLICATION",
    "AUTHORIZE_URL",
    "DELEGATED",
    "EDM_SCHEMAS",
    "EXAMPLES",
    "ODATA_OPTIONS",
    "OPENAPI_VERSION",
    "SCHEMAS",
    "TOKEN_URL",
    "ExampleSchema",
    "OpenApi",
    "collection_schema",
    "component_name",
    "nullable",
    "openapi_document",
    "openapi_json",
    "permission_scopes",
    "ref",
    "to_yaml",
    "valid_template",
]
