"""Fixtures of the case tests. The case desk (`desk`, `move`) is in tests/conftest.py,
shared with tests/casedesk/."""

import pytest
from django.test import override_settings

from tests.support import RecordingSMSBackend


@pytest.fixture
def sms():
    """The text messages sent during the test, as (phone, message)."""
    RecordingSMSBackend.sent = []
    with override_settings(SMS_BACKEND="tests.support.RecordingSMSBackend"):
        yield RecordingSMSBackend.sent
