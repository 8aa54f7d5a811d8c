"""CDS Hooks feedback: the cards the service issued and what clinicians did with them (stdlib sqlite3).

One local SQLite file; every statement uses parameters (no user text in SQL).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
  uuid TEXT PRIMARY KEY, service TEXT NOT NULL, hook_instance TEXT NOT NULL,
  disease TEXT NOT NULL, stage TEXT, autophagy_state TEXT,
  suggestions TEXT NOT NULL, override_reasons TEXT NOT NULL, issued TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT, card TEXT NOT NULL REFERENCES cards(uuid),
  outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions TEXT NOT NULL, override_code TEXT, override_display TEXT,
  user_comment TEXT, outcome_timestamp TEXT NOT NULL);
"""


class FeedbackStore:
    def __init__(self, path: Path | str):
        self.path = str(path)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def issue(self, card: dict, service: str, hook_instance: str, context: dict, issued: str) -> None:
        reasons = card.get("overrideReasons", [])
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO cards VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    card["uuid"],
                    service,
                    hook_instance,
                    context["disease"],
                    context.get("stage"),
                    context.get("autophagy_state"),
                    json.dumps([s["uuid"] for s in card.get("suggestions", [])]),
                    json.dumps({r["code"]: r["display"] for r in reasons}),
                    issued,
                ),
            )

    def card(self, uuid: str) -> Optional[dict]:
        with self._connect() as db:
            row = db.execute(
                "SELECT uuid, service, suggestions, override_reasons FROM cards WHERE uuid = ?", (uuid,)
            ).fetchone()
        if row is None:
            return None
        return {
            "uuid": row[0],
            "service": row[1],
            "suggestions": json.loads(row[2]),
            "override_reasons": json.loads(row[3]),
        }

    def record(
        self,
        card: str,
        outcome: str,
        accepted: list[str],
        code: Optional[str],
        display: Optional[str],
        comment: Optional[str],
        timestamp: str,
    ) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO feedback (card, outcome, accepted_suggestions, override_code, "
                "override_display, user_comment, outcome_timestamp) VALUES (?,?,?,?,?,?,?)",
                (card, outcome, json.dumps(accepted), code, display, comment, timestamp),
            )

    def rows(self) -> list[dict]:
        with self._connect() as db:
            cur = db.execute(
                "SELECT card, outcome, accepted_suggestions, override_code, "
                "override_display, user_comment, outcome_timestamp FROM feedback "
                "ORDER BY id"
            )
            return [
                {
                    "card": r[0],
                    "outcome": r[1],
                    "accepted_suggestions": json.loads(r[2]),
                    "override_code": r[3],
                    "override_display": r[4],
                    "user_comment": r[5],
                    "outcome_timestamp": r[6],
                }
                for r in cur.fetchall()
            ]
