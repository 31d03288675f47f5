"""HTTP: translates requests to use cases and their results and errors back to HTTP."""
