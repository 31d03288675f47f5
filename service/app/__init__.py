"""The use cases, one module or package per capability (candidates, acts, plans, audit, …).

Each loads the facts a decision needs through service.adapters, lets service.workflow decide,
and writes the result in one unit of work that only the use case commits. Imports
service.adapters, service.workflow and service.settings; never HTTP (fastapi, starlette) and
never service.api, service.cli or service.main.
"""
