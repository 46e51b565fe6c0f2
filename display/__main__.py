"""``python -m display [--db URL] [--windowed]``."""

import sys

from display.app import main

if __name__ == "__main__":
    sys.exit(main())
