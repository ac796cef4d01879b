"""CSV and XLSX exports of the case list, as filtered on screen.

The applicant's name, 证件号码 and phone (read from the fields marked with
those roles) are masked whoever exports: personal data is shown in full
only on the case page and its documents
(`cases.permissions.shows_personal_data`). CSV is UTF-8 with a byte order
mark, so Excel opens it with the Chinese intact; a cell that a spreadsheet
would read as a formula (= + - @ at the start) is prefixed with an
apostrophe in CSV and stored as text in XLSX.
"""

import csv
import datetime
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from cases.answers import applicant_identity

from .filters import DeadlineFilter

COLUMNS = [
    ("受理编号", 22), ("事项编码", 10), ("事项名称", 28), ("承办窗口", 16), ("申请人", 10), ("证件号码", 21),
    ("联系电话", 14), ("受理渠道", 10), ("状态", 8), ("提交时间", 17), ("受理时间", 17), ("承诺办结日期", 13),
    ("办结时间", 17), ("办理结果", 8), ("办理时限", 16), ("评价", 6),
]  # fmt: skip
HEADERS = [header for header, _ in COLUMNS]
DEADLINE_LABELS = dict(DeadlineFilter.LABELS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def rows(queryset):
    """One list of cell values per case: text, naive local datetimes, dates or numbers."""
    for case in queryset.select_related("window", "rating").iterator(chunk_size=1000):
        name, id_number, phone = applicant_identity(case, show_personal=False)
        rating = getattr(case, "rating", None)
        yield [
            case.reference,
            case.item_code,
            case.item_name,
            case.window.name if case.window else "",
            name,
            id_number,
            phone,
            case.channel,
            case.get_status_display(),
            _local(case.created_at),
            _local(case.accepted_at),
            case.due_date,
            _local(case.completed_at),
            case.get_result_display(),
            DEADLINE_LABELS.get(case.deadline, ""),
            rating.score if rating else None,
        ]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, *, filename):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(HEADERS)
        for row in rows(queryset):
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def xlsx_response(queryset, *, filename):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("办件")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(queryset):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response
