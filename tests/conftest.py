import copy
import json
from pathlib import Path

import pytest

from guides.importing import RawItem, Source, import_items

SPEC_DIR = Path(__file__).resolve().parents[2] / "shared" / "spec"
FULL_ITEM = {
    "code": "MZ-001",
    "name": "最低生活保障申请",
    "window": "民政窗口",
    "department": "社会事务办",
    "item_type": "行政给付",
    "handling_type": "承诺件",
    "themes": ["社会救助"],
    "summary": "共同生活的家庭成员人均收入低于当地最低生活保障标准的，可以申请低保。",
    "conditions": "持有本地户籍。\n\n家庭人均收入低于当地低保标准。",
    "materials": [
        {"name": "户口簿", "form": "原件和复印件", "copies": 1, "required": True, "source": "申请人自备", "note": ""},
        {"name": "家庭收入证明", "form": "原件", "copies": 1, "required": False, "source": "村委会出具", "note": "可容缺"},
    ],
    "steps": [
        {"name": "申请受理", "actor": "民政窗口", "days": 1, "description": "提交材料"},
        {"name": "入户调查", "actor": "村委会", "days": 10, "description": ""},
        {"name": "审批", "actor": "县民政局", "days": 9, "description": ""},
    ],
    "legal_days": 30,
    "promised_days": 20,
    "fees": [],
    "basis": [{"title": "《社会救助暂行办法》", "article": "第十一条", "doc_number": "国务院令第649号"}],
    "result": "最低生活保障金领取证",
    "visits": 1,
    "online": True,
    "proxy": True,
    "location": "镇便民服务中心一楼 1 号窗口",
    "hours": "周一至周五 8:30-17:30",
    "phone": "0000-1234567",
    "complaint_phone": "0000-7654321",
    "keywords": ["低保", "救济"],
    "faqs": [{"question": "低保多久复核一次？", "answer": "一般每年复核一次。"}],
}


@pytest.fixture
def full_item():
    return copy.deepcopy(FULL_ITEM)


def raw(*items):
    return [RawItem(Source(i, "项"), item) for i, item in enumerate(items, start=1)]


@pytest.fixture
def import_guides(db):
    """Import items (dicts in the import format) through the real importer."""

    def _import(*items):
        return import_items(raw(*items))

    return _import


@pytest.fixture
def guide(import_guides, full_item):
    from guides.models import ServiceGuidePage

    import_guides(full_item)
    return ServiceGuidePage.objects.get(code="MZ-001")


@pytest.fixture
def example_items():
    return json.loads((SPEC_DIR / "examples" / "guides.example.json").read_text(encoding="utf-8"))["items"]
