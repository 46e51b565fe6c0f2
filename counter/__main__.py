"""``python -m counter [--db URL] --counter CODE``."""

import sys

from counter.app import main

if __name__ == "__main__":
    sys.exit(main())
