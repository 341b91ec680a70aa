"""``python -m ragex_lsp``: the language server (what editors without a script start).

``python -m`` puts the working directory first on ``sys.path``, and editors
often start the server in the workspace: that entry goes before anything
else is imported, so no workspace file can stand in for a module.
"""

import os
import sys

if not getattr(sys.flags, "safe_path", False) and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from ragex_lsp.server.main import main

sys.exit(main())
