"""One-off tools that produce the speech worker's committed assets; not imported at run time."""
