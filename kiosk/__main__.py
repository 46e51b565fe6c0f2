"""``python -m kiosk [--db URL] [--windowed]``."""

import sys

from kiosk.app import main

if __name__ == "__main__":
    sys.exit(main())
