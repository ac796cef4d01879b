"""Fixtures of the guide tests (the importer fixtures `import_guides`, `full_item`
and `guide` are in tests/conftest.py, shared with the other apps)."""

import json

import pytest

from tests.support import DATA_DIR


@pytest.fixture
def example_items():
    """The items of the spec's example import file (copied into tests/data/)."""
    return json.loads((DATA_DIR / "examples" / "guides.example.json").read_text(encoding="utf-8"))["items"]
