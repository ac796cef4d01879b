"""Keys and slugs made from labels (forms/keys.py): nobody types an English name."""

from forms.keys import assign_keys, base_key, slug_from_title, unique_key


def test_key_from_chinese_label_is_pinyin_by_word():
    assert base_key("申请人姓名", "field") == "shenqingren_xingming"
    assert base_key("月收入（元）", "field") == "yue_shouru_yuan"


def test_key_is_ascii_lowercase_and_keeps_latin_letters_and_digits():
    key = base_key("Ｅ-mail 地址２", "field")
    assert key.isascii() and key == key.lower()
    assert key == "e_mail_dizhi_2"


def test_label_without_letters_falls_back():
    assert base_key("？？", "field") == "field"
    assert base_key("", "step") == "step"


def test_keys_are_unique_within_the_form_by_suffix():
    taken = set()
    assert [unique_key("姓名", taken, "field") for _ in range(3)] == ["xingming", "xingming_2", "xingming_3"]
    assert taken == {"xingming", "xingming_2", "xingming_3"}


def test_long_labels_stop_at_a_word():
    key = base_key("申请人在本乡镇以外的其他地方居住满一年以上的证明材料说明", "field")
    assert len(key) <= 40 and not key.endswith("_")


def draft_form():
    step1 = {"key": "", "title": "申请人", "show_if": None}
    name = {"key": "", "label": "姓名", "show_if": None}
    hukou = {"key": "", "label": "户籍类型", "show_if": None}
    other = {"key": "", "label": "姓名", "show_if": None}
    step2 = {"key": "", "title": "土地情况", "show_if": {"match": "all", "conditions": [{"field": "@b2", "operator": "equals", "value": "农业户口"}]}}
    mu = {"key": "", "label": "面积", "show_if": None}
    return [(step1, [("b1", name), ("b2", hukou), ("b3", other)]), (step2, [("b4", mu)])]


def test_assign_keys_fills_empty_keys_and_resolves_block_references():
    steps = draft_form()
    assign_keys(steps)
    (step1, fields1), (step2, fields2) = steps
    assert [step1["key"], step2["key"]] == ["shenqingren", "tudi_qingkuang"]
    assert [f["key"] for _, f in fields1 + fields2] == ["xingming", "huji_leixing", "xingming_2", "mianji"]
    assert step2["show_if"]["conditions"][0]["field"] == "huji_leixing"


def test_renaming_a_label_of_a_published_form_keeps_its_key():
    steps = draft_form()
    assign_keys(steps)
    (step1, fields1), _ = steps
    fields1[1][1]["label"] = "户口性质"
    step1["title"] = "申请人基本信息"
    assign_keys(steps)
    assert fields1[1][1]["key"] == "huji_leixing" and step1["key"] == "shenqingren"


def test_new_field_never_takes_an_existing_key_or_a_reserved_step_key():
    step = ({"key": "", "title": "Review", "show_if": None}, [("x", {"key": "xingming", "label": "姓名", "show_if": None}), ("y", {"key": "", "label": "姓名", "show_if": None})])
    assign_keys([step])
    assert step[0]["key"] == "review_2"
    assert step[1][1][1]["key"] == "xingming_2"


def test_reference_to_a_deleted_field_is_left_for_the_check_to_report():
    show_if = {"match": "all", "conditions": [{"field": "@gone", "operator": "equals", "value": "x"}]}
    assign_keys([({"key": "a", "title": "A", "show_if": show_if}, [])])
    assert show_if["conditions"][0]["field"] == "@gone"


def test_slug_from_chinese_title():
    assert slug_from_title("林木采伐许可申请表") == "linmu-caifa-xuke-shenqingbiao"
    assert slug_from_title("林木采伐许可申请表", taken={"linmu-caifa-xuke-shenqingbiao"}) == "linmu-caifa-xuke-shenqingbiao-2"
    assert slug_from_title("！！") == "form"


def test_no_key_while_the_label_is_empty():
    field = {"key": "", "label": " ", "show_if": None}
    assign_keys([({"key": "", "title": "", "show_if": None}, [("a", field)])])
    assert field["key"] == ""


def test_words_added_to_jieba_elsewhere_do_not_change_keys():
    import jieba

    before = base_key("林木采伐许可申请表", "field")
    jieba.add_word("林木采伐")
    try:
        assert base_key("林木采伐许可申请表", "field") == before == "linmu_caifa_xuke_shenqingbiao"
    finally:
        jieba.del_word("林木采伐")
