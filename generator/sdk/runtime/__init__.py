"""The generated package's runtime, client and errors, as real modules.

``render`` copies ``_runtime.py``, ``_values.py``, ``_http.py``, ``_answers.py``, ``errors.py`` and
``types.py`` into every package it renders, filling the lines marked ``# gen: <slot>`` (the
package name, the base URL, the hosts of the docs' examples);
everything else is copied as it is. Being code here, they are type-checked by gen's own
mypy run and unit-tested directly.
"""
