"""Fixtures of the notice tests: the demo notices come from notices.demo.load_notices();
shared fixtures are in tests/conftest.py."""
