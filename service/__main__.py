"""`python -m service`: the same as the `recruitflow` command."""

import sys

from service.cli import main

sys.exit(main())
