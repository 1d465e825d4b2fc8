"""The generated package's runtime, client and errors, as real modules.

``render`` copies these modules into every package it renders (``_Renderer.files``),
filling the lines marked ``# gen: <slot>``: ``_runtime.py`` (the package name),
``_calls.py`` (the base URL, the hosts of the docs' examples), ``_telemetry.py`` (the
SDK's version, gen's version); everything else is copied as it is. ``_http.py`` is what
generated code imports (path nodes, the clients); ``_request``, ``_retry``, ``_auth``,
``_telemetry``, ``_calls``, ``_clients``, ``_download``, ``_upload``, ``_answers``,
``_pages``, ``_values``, ``errors`` and ``types`` are the mechanisms beside it. Being code
here, they are type-checked by gen's own mypy run and unit-tested directly.
"""
