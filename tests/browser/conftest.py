"""Fixtures of the browser tests. `browser` (headless Chromium, skipped when it
is missing) is in tests/conftest.py, where tests/test_search_typeahead.py finds it too."""
