"""CSV and XLSX exports of the filtered case list, masked for every user
(the full data is on the case page only: cases.permissions.shows_personal_data)."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import Submission
from tests.support import ANSWERS, APPLICANT_ID

pytestmark = pytest.mark.django_db
S = Submission.Status
LIST = "/admin/casedesk/cases/"
MASKED_ID = f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}"


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def cases(desk):
    mz = desk.case(state="completed")
    ny = desk.case("农业综合服务窗口", item="NY-001", state="accepted")
    return mz, ny


def test_csv_is_masked_for_staff_without_the_permission(desk, cases):
    mz, ny = cases
    response = desk.client("民政窗口").get(LIST + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:7] == ["受理编号", "事项编码", "事项名称", "承办窗口", "申请人", "证件号码", "联系电话"]
    assert len(rows) == 1  # only the staff's own window
    row = dict(zip(header, rows[0], strict=True))
    assert row["受理编号"] == mz.reference and row["申请人"] == "王*英"
    assert row["证件号码"] == MASKED_ID and row["联系电话"] == "138****8000"
    assert row["状态"] == "办结" and row["办理结果"] == "准予" and row["受理渠道"] == "网上申报"
    assert APPLICANT_ID not in str(rows) and "王秀英" not in str(rows)


def test_csv_is_masked_with_the_permission_too(desk, cases):
    """Managers may see personal data, on the case page: a file leaves the system."""
    header, *rows = csv_rows(desk.client("manager").get(LIST + "?export=csv"))
    assert len(rows) == 2
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    mz, _ = cases
    assert by_reference[mz.reference]["申请人"] == "王*英"
    assert by_reference[mz.reference]["证件号码"] == MASKED_ID
    assert by_reference[mz.reference]["联系电话"] == "138****8000"
    assert "王秀英" not in str(rows) and APPLICANT_ID not in str(rows) and "13800138000" not in str(rows)


def test_export_reads_the_applicant_from_the_roles(desk):
    """The columns follow the roles of the case's definition, not field types or keys."""
    case = desk.case(state="accepted")
    for field in case.definition["steps"][0]["fields"]:
        field.pop("role", None)
        if field["key"] == "agent_name":
            field["role"] = "phone"  # an odd form: the phone is a text field
    case.answers = {**case.answers, "mode": "委托代理", "agent_name": "13912345678"}
    case.save()
    header, row = csv_rows(desk.client("manager").get(LIST + "?export=csv"))
    row = dict(zip(header, row, strict=True))
    assert row["证件号码"] == "" and row["联系电话"] == "139****5678"


def test_exports_follow_the_filters(desk, cases):
    mz, ny = cases
    manager = desk.client("manager")
    rows = csv_rows(manager.get(LIST + "?export=csv&status=accepted"))[1:]
    assert [row[0] for row in rows] == [ny.reference]
    rows = xlsx_rows(manager.get(LIST + f"?export=xlsx&window={mz.window_id}"))[1:]
    assert [row[0] for row in rows] == [mz.reference]


def test_xlsx_is_masked_and_typed(desk, cases):
    mz, _ = cases
    response = desk.client("民政窗口").get(LIST + "?export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, row = xlsx_rows(response)
    row = dict(zip(header, row, strict=True))
    assert row["申请人"] == "王*英" and row["证件号码"] == MASKED_ID and row["联系电话"] == "138****8000"
    assert row["提交时间"].date() == timezone.localtime(mz.created_at).date()  # a real date cell, in local time
    assert row["承诺办结日期"] is not None


def test_formula_like_text_stays_text(desk):
    desk.case(answers={**ANSWERS, "name": '=HYPERLINK("http://x")'}, state="accepted")
    manager = desk.client("manager")
    header, row = csv_rows(manager.get(LIST + "?export=csv"))
    masked = "=" + "*" * 20 + ")"  # masked, and still read as a formula by a spreadsheet
    assert dict(zip(header, row, strict=True))["申请人"] == "'" + masked
    sheet = load_workbook(io.BytesIO(manager.get(LIST + "?export=xlsx").content)).active
    cell = sheet.cell(row=2, column=5)
    assert cell.value == masked and cell.data_type == "s"


def test_export_query_count_does_not_grow(desk, cases, django_assert_max_num_queries):
    manager = desk.client("manager")
    csv_rows(manager.get(LIST + "?export=csv"))
    with django_assert_max_num_queries(40) as few:
        csv_rows(manager.get(LIST + "?export=csv"))
    for _ in range(20):
        desk.case(state="accepted")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(csv_rows(manager.get(LIST + "?export=csv"))) == 23
