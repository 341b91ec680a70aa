"""``python -m ragex_lsp``: the language server (what editors without a script start)."""

import sys

from ragex_lsp.server.main import main

sys.exit(main())
