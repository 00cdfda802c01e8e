"""Pure analysis logic shared by Lambdas and workers (no numpy, no I/O)."""
