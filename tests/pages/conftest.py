"""Fixtures of the content page tests (中心简介, 办事须知, 服务制度): `pages` is
in test_content_pages.py, the only module; shared fixtures are in tests/conftest.py."""
