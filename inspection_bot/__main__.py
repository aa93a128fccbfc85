"""``python -m inspection_bot ARGS``: the same as ``inspection-bot ARGS``."""

import sys

from .cli import main

sys.exit(main())
