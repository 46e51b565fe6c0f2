"""The bundle's ``antre-kiosk`` program (build.spec)."""

import sys

from kiosk.app import main

sys.exit(main())
