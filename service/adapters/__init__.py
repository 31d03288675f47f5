"""What talks to the world outside the process: the database engine and unit of work, the
tables, the migrations runner, the clock, logs and spreadsheet files.

Imports only libraries and service.settings: nothing of service.app, service.api or
service.workflow, so any use case can be given another adapter.
"""
