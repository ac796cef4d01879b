import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forms import validators as v
from tests.support import make_id


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "11010519491231002x", make_id("330106", "19930508", "028"), make_id("810000", "20000229", "007")],
)
def test_valid_id_numbers(number):
    assert v.validate_id_card(number) == number.upper()


@pytest.mark.parametrize(
    "number, code",
    [
        ("11010519491231002", "id_format"),  # 17 characters
        ("1101051949123100XX", "id_format"),
        ("11010519491231002A", "id_format"),
        ("110105194912310021", "id_check"),  # wrong check digit
        ("990105194912310021", "id_region"),  # no province 99
        ("110005194912310021", "id_region"),  # prefecture 00
        ("110105194902300021", "id_birth"),  # 30 February
        ("110105189912310021", "id_birth"),  # before 1900
    ],
)
def test_invalid_id_numbers(number, code):
    with pytest.raises(ValidationError) as error:
        v.validate_id_card(number)
    assert error.value.code == code


def test_id_born_in_future_is_invalid():
    number = make_id("110105", "20300101", "001")
    with pytest.raises(ValidationError):
        v.validate_id_card(number, today=datetime.date(2026, 11, 23))


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "93330122MA2H4K7P02"])
def test_valid_credit_codes(code):
    assert v.validate_credit_code(code.lower()) == code


@pytest.mark.parametrize("code", ["91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", ""])
def test_invalid_credit_codes(code):
    with pytest.raises(ValidationError):
        v.validate_credit_code(code)


@pytest.mark.parametrize("number, ok", [("13800138000", True), ("138 0013 8000", True), ("+8613800138000", True),
                                        ("12800138000", False), ("1380013800", False), ("23800138000", False)])  # fmt: skip
def test_mobile(number, ok):
    if ok:
        assert v.validate_mobile(number) == "13800138000"
    else:
        with pytest.raises(ValidationError):
            v.validate_mobile(number)


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(
    "name, content, accept, max_mb, code",
    [
        ("photo.png", PNG, ["png", "jpg"], 1, None),
        ("scan.pdf", PDF, ["pdf"], 1, None),
        ("photo.png", b"not really a png", ["png"], 1, "file_content"),
        ("photo.exe", b"MZ....", ["png"], 1, "file_type"),
        ("scan.pdf", PDF, ["png"], 1, "file_type"),
        ("big.png", PNG + b"\0" * (1024 * 1024), ["png"], 1, "file_size"),
        ("empty.png", b"", ["png"], 1, "file_empty"),
        ("fake.jpg", PNG, ["jpg"], 1, "file_content"),
    ],
)
def test_upload_checks(name, content, accept, max_mb, code):
    upload = SimpleUploadedFile(name, content)
    if code is None:
        assert v.validate_upload(upload, accept, max_mb) == name.rsplit(".", 1)[1]
        assert upload.read(4) == content[:4]  # the file is left readable from the start
    else:
        with pytest.raises(ValidationError) as error:
            v.validate_upload(upload, accept, max_mb)
        assert error.value.code == code



# --- Forgiving input: one normal form before any check ---------------------------


def test_full_width_and_spaced_id_numbers_are_accepted_and_stored_plain():
    number = make_id("110101", "19900307", "777")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert v.validate_id_card(full_width) == number
    assert v.validate_id_card(f"{number[:6]} {number[6:14]} {number[14:]}") == number
    assert v.validate_id_card(f"{number[:6]}-{number[6:14]}-{number[14:]}") == number


def test_mobile_forgives_country_code_spaces_and_full_width():
    for typed in ["+86 138 0013 8000", "0086-13800138000", "8613800138000", "１３８００１３８０００", "138-0013-8000"]:
        assert v.validate_mobile(typed) == "13800138000", typed


def test_amounts_lose_separators_units_and_currency_signs():
    assert v.amount_text("1,200元") == "1200"
    assert v.amount_text("￥3.5") == "3.5"
    assert v.amount_text("３亩") == "3"
    assert v.amount_text("１２００") == "1200"
    assert v.amount_text("abc") == "abc"  # still refused by the number check


def test_dates_in_the_ways_residents_write_them():
    for typed in ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301", "２０２４－０３－０１"]:
        assert v.parse_date(typed) == datetime.date(2024, 3, 1), typed
    with pytest.raises(ValueError):
        v.parse_date("三月一日")
