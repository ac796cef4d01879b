"""Fixtures of the application form tests: a guide and its form, built with factories."""

import pytest

from tests import factories


@pytest.fixture
def guide(db):
    """MZ-001 (tests.support.FULL_ITEM) under the 民政窗口, built with factories
    (the importer's own `guide` is in tests/conftest.py)."""
    return factories.GuidePageFactory(full_item=True)


@pytest.fixture
def form_page(guide):
    """The form of tests.support.DEFINITION, for MZ-001, under the 在线申报 index."""
    return factories.ApplicationFormPageFactory()
