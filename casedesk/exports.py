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
    return csv_table_response(HEADERS, rows(queryset), filename=filename)


def xlsx_response(queryset, *, filename):
    widths = [width for _, width in COLUMNS]
    return xlsx_table_response(HEADERS, rows(queryset), filename=filename, sheet="办件", widths=widths)


# --- Any table as CSV or XLSX (the case list, a form's answers) -----------------------


def csv_table_response(headers, table_rows, *, filename):
    """A streamed CSV (UTF-8 with BOM) of `headers` and `table_rows`, formula-guarded."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([_csv_cell(value) for value in headers])
        for row in table_rows:
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def xlsx_table_response(headers, table_rows, *, filename, sheet, widths=None):
    """An XLSX workbook of one sheet: a bold header row, then `table_rows`; text that
    looks like a formula stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for index, width in enumerate(widths or [], start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = bold
        if cell.data_type == "f":
            cell.data_type = "s"
        header.append(cell)
    worksheet.append(header)
    for row in table_rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            cells.append(cell)
        worksheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response
