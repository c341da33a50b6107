"""`python -m game` is `tnt`."""

import sys

from game.cli.cli import main

sys.exit(main())
