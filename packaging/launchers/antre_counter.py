"""The bundle's ``antre-counter`` program (build.spec)."""

import sys

from counter.app import main

sys.exit(main())
