"""One-off tools that produce the vision worker's committed assets; not imported at run time."""
