"""The bundle's ``antre-admin`` program (build.spec): the operators' console."""

import sys

from counter.admin.app import main

sys.exit(main())
