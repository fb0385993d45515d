"""Fixtures for the quality tests; the frame builders live in quality_frames.py."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.quality.quality_frames import clean_frame


@pytest.fixture
def schueler() -> pd.DataFrame:
    return clean_frame("schueler")
