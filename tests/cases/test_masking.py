"""Masking by declared role only (cases.masking): what a field is marked as, never its label or type."""

import pytest

from cases.masking import mask_answer, mask_personal, masked_answers
from tests.support import APPLICANT_ID

MASKED_ID = f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}"


def field(ftype="text", role=None, label="字段", key="f", **extra):
    return {"key": key, "label": label, "type": ftype, **({"role": role} if role else {}), **extra}


@pytest.mark.parametrize(
    ("role", "value", "shown"),
    [
        ("applicant_name", "王秀英", "王*英"),
        ("applicant_name", "张三", "张*"),
        ("org_name", "向阳农机专业合作社", "向*******社"),
        ("id_number", APPLICANT_ID, MASKED_ID),
        ("id_number", "93330122MA2H4K7P02", "9333**********7P02"),
        ("phone", "13800138000", "138****8000"),
        ("personal", "父亲王大山，1950年生，务农；母亲李桂兰", "父***"),
    ],
)
def test_each_role_has_its_mask(role, value, shown):
    assert mask_answer(field(role=role), value) == shown


def test_a_label_ending_in_hao_is_not_masked():
    """The clerk's complaint: 机具名称和型号 was masked because the label ends in 号."""
    machine = field(label="机具名称和型号", key="machine")
    assert mask_answer(machine, "久保田 PRO688Q") == "久保田 PRO688Q"


def test_free_text_marked_personal_is_masked_and_unmarked_free_text_is_not():
    members = field("textarea", label="家庭成员", key="members")
    text = "王大山（父亲）、李桂兰（母亲）"
    assert mask_answer(members, text) == text  # no role: shown as given
    assert mask_answer({**members, "role": "personal"}, text) == "王***"


def test_types_and_labels_alone_mask_nothing():
    """An id_card, mobile or e-mail field, or a 姓名/地址 label, without a role is shown as given."""
    for unmarked, value in [
        (field("id_card", label="公民身份号码"), APPLICANT_ID),
        (field("mobile", label="手机号码"), "13800138000"),
        (field("email", label="电子邮箱"), "wang@example.com"),
        (field(label="姓名"), "王秀英"),
        (field(label="现居住地址"), "向阳村三组12号"),
    ]:
        assert mask_answer(unmarked, value) == value


def test_empty_answers_stay_empty():
    for empty in (None, "", [], {}):
        assert mask_answer(field(role="personal"), empty) == empty


def test_personal_masks_each_part_of_a_list_or_address():
    assert mask_personal(["低保", "残疾"]) == ["低***", "残***"]
    address = {"township": "东山镇", "village": "向阳村", "detail": "三组12号"}
    assert mask_personal(address) == {"township": "东***", "village": "向***", "detail": "三***"}
    assert mask_personal(3) == "3***"


def test_masked_answers_masks_role_fields_and_group_rows_only():
    definition = {
        "steps": [
            {
                "key": "a",
                "fields": [
                    field(role="applicant_name", key="name", label="姓名"),
                    field(label="机具名称和型号", key="machine"),
                    field(
                        "group",
                        key="members",
                        label="家庭成员",
                        fields=[field(role="personal", key="member_name"), field("integer", key="born")],
                    ),
                ],
            }
        ]
    }
    answers = {
        "name": "王秀英",
        "machine": "久保田 PRO688Q",
        "members": [{"member_name": "王大山", "born": 1950}, {"member_name": "李桂兰", "born": 1952}],
        "not_in_definition": "留着",
    }
    assert masked_answers(definition, answers) == {
        "name": "王*英",
        "machine": "久保田 PRO688Q",
        "members": [{"member_name": "王***", "born": 1950}, {"member_name": "李***", "born": 1952}],
        "not_in_definition": "留着",
    }
    assert answers["name"] == "王秀英"  # the stored answers are not changed
