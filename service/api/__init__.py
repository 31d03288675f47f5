"""HTTP for other systems: routers, request and response schemas, authentication, and the one
table from errors to problem+json.

Translates requests to use cases (service.app) and their results and errors back to HTTP;
decides nothing itself. May import service.app, service.adapters, service.workflow and
service.settings; only service.main (and the cli, through it) imports it.
"""
