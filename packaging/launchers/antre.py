"""The bundle's ``antre`` program (build.spec): the command-line interface."""

import sys

from shared.cli import main

sys.exit(main())
