"""The front half: docs tree -> ApiModel (issue 11 moves read, parse, resolve and load here)."""
