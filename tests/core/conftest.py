"""Fixtures of the core tests (site settings, working days, text)."""

import pytest

from tests import factories


@pytest.fixture
def guide(db):
    """MZ-001 (tests.support.FULL_ITEM) under the 民政窗口, built with factories
    (the importer's own `guide` is in tests/conftest.py)."""
    return factories.GuidePageFactory(full_item=True)
