"""Where the shared data is: `$SITREPORT_SHARED`, else `../shared` beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREPORT_SHARED") or REPO.parent / "shared").resolve()
SEED_GOLD = SHARED / "gold" / "newsweek-2024-10-17-north-korean-deserters.json"
SEED_TEXT = SHARED / "corpus" / "newsweek-2024-10-17-north-korean-deserters.txt"
NEEDED = (SEED_GOLD, SEED_TEXT, SHARED / "tools" / "score.py", SHARED / "gold" / "acled", SHARED / "gold" / "real")
