"""The claims stage's tables."""
from __future__ import annotations

import sqlite3


class ClaimTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
