"""Every message that crosses a boundary has exactly one schema, defined in this package.

Samples of each live in `events/` and are validated by `tests/unit/test_event_samples.py`.
"""
