"""Logic: one function per use case. Handlers, routes and workers call these and only wire."""
