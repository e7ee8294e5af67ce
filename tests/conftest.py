"""Shared fixtures. Every test run uses its own cache folder, never the user's."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["TRAVELRISK_CACHE_DIR"] = tempfile.mkdtemp(prefix="travelrisk-test-cache-")
os.environ.pop("TRAVELRISK_DATA_DIR", None)

import travelrisk  # noqa: E402
from travelrisk.data.dataset import Dataset  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return travelrisk.default_dataset()


@pytest.fixture
def overlay_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
