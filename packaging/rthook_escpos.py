"""PyInstaller runtime hook (build.spec): runs in every bundled program before its code.

python-escpos reads its printer profiles from ``capabilities.json``, the file named by
``ESCPOS_CAPABILITIES_FILE`` or else one beside its module. In a bundle the module lives in
the program's archive, so point at the copy build.spec collects into ``escpos/``. A value
set by the administrator wins.
"""

import os
import sys

_capabilities = os.path.join(getattr(sys, "_MEIPASS", ""), "escpos", "capabilities.json")
if os.path.isfile(_capabilities):
    os.environ.setdefault("ESCPOS_CAPABILITIES_FILE", _capabilities)
