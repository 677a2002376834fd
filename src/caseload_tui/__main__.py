"""``python -m caseload_tui``: the same as the ``caseload`` command."""

import sys

from .cli import main

sys.exit(main())
