"""Fixtures of the guide tests (the importer fixtures `import_guides`, `full_item`
and `guide` are in tests/conftest.py, shared with the other apps)."""

import json

import pytest

from tests import factories
from tests.support import DATA_DIR


@pytest.fixture
def example_items():
    """The items of the spec's example import file (copied into tests/data/)."""
    return json.loads((DATA_DIR / "examples" / "guides.example.json").read_text(encoding="utf-8"))["items"]


@pytest.fixture
def two_guides(db):
    """MZ-001 (tests.support.FULL_ITEM) under the 民政窗口 and NY-001 under the
    农业综合服务窗口, each window with its page and staff group, built with factories."""
    minzheng = factories.GuidePageFactory(full_item=True)
    nongye = factories.GuidePageFactory(
        code="NY-001", title="林木采伐许可证核发", handling_type="", legal_days=None, promised_days=None, online=False,
        parent__window__name="农业综合服务窗口", parent__window__slug="nong-ye-zong-he-fu-wu-chuang-kou",
    )  # fmt: skip
    return minzheng, nongye
