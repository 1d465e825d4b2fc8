"""``gen drift``: two docs trees (folders or git revisions) and the changes between their models."""
