"""gen: an SDK generator and drift detector for Markdown API reference docs."""

__version__ = "0.1.0"
