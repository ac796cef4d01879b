"""Fixtures of the staff case desk tests. The desk itself (`desk`: windows,
guides, forms and people built with factories once per module; `move`: moves
through the real state machine) is in tests/conftest.py, shared with tests/cases/."""
