"""Kept only for tests/test_search_typeahead.py, which imports the `browser`
fixture from here; the browser tests are in tests/browser/ and the fixture in
tests/conftest.py. Remove this module once that import is gone."""

from tests.conftest import browser  # noqa: F401
