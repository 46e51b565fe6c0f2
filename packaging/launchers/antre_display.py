"""The bundle's ``antre-display`` program (build.spec)."""

import sys

from display.app import main

sys.exit(main())
