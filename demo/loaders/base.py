"""Shared pieces of the demo loaders: the demo password, the content modules, and a report of what changed."""

from __future__ import annotations

import runpy
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEMO_PASSWORD = "socialwise-demo"  # noqa: S105 - printed by `make run` for the demo accounts


def content(name: str) -> dict:
    """Load one data module of demo/content as a dict of its constants."""
    return runpy.run_path(str(CONTENT_DIR / f"{name}.py"))


def courses_content() -> list[dict]:
    return [content(f"course_{code}")["COURSE"] for code in ("a", "b", "c")]


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def lines(self) -> list[str]:
        if not self.created:
            return ["Nothing to do: the demo content is already loaded."]
        return [f"Created {n} {what}." for what, n in self.created.items()]

    def summary(self) -> str:
        if not self.created:
            return "Demo content already loaded."
        return "Demo loaded: " + ", ".join(f"{n} {what}" for what, n in self.created.items()) + "."
