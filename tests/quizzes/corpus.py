"""The shared GIFT corpus (51 files and the JSON a reference parser made of each) lives beside the project, in
../shared/fixtures/gift/peg, not in this repository. Its tests run wherever it is there; on a fresh clone without it
they skip with the message below, and with CI=true they fail instead (tests/conftest.py, `require`)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import require

PEG_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "gift" / "peg"
CORPUS_SIZE = 51
PEG_FILES = sorted(PEG_DIR.glob("*.gift"))
# Stands in for the corpus files when they are missing, so each corpus test runs once and says why it skips.
MISSING = PEG_DIR / "(missing)"
PEG_FILES_OR_MISSING = PEG_FILES or [MISSING]
# Corpus files our parser is expected to refuse, by name. None today: every file must parse without an error.
EXPECTED_PARSE_FAILURES: set[str] = set()


def require_corpus() -> None:
    require(
        PEG_DIR.is_dir(),
        f"the shared GIFT corpus is not at {PEG_DIR} (a checkout of ../shared beside the project); its tests run where "
        "it is and are required with CI=true",
    )
