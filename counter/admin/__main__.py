from __future__ import annotations

import sys

from counter.admin.app import main

if __name__ == "__main__":
    sys.exit(main())
