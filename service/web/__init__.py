"""The console (控制台): server-rendered Chinese pages for the people who do the work —
secretaries, reviewers, auditors — calling the same use cases as the API.

Imports `service.app`, `service.workflow` and `service.adapters`, never `service.api`: what the
console shares with the API (the bearer-token check, the printable dossier) `create_app` hands
over through `install_console`.
"""

from service.web.console import install_console
from service.web.wiring import ConsoleWiring

__all__ = ["ConsoleWiring", "install_console"]
