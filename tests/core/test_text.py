from core import text


def test_split_list_accepts_every_separator_residents_and_excel_use():
    assert text.split_list("低保、救济;最低生活保障；  困难户,\n五保") == ["低保", "救济", "最低生活保障", "困难户", "五保"]
    assert text.split_list("") == [] and text.split_list(None) == []


def test_paragraphs():
    assert text.paragraphs("甲。\n\n乙。\n丙。\n\n\n") == ["甲。", "乙。", "丙。"]


def test_normalise_title():
    assert text.normalise_title(" 《社会救助 暂行办法》") == "社会救助暂行办法"
    assert text.normalise_title("社会救助暂行办法") == "社会救助暂行办法"


def test_article_anchor():
    assert text.article_anchor("第 十一 条") == "art-第十一条"


def test_group_by_initial_sorts_by_pinyin():
    names = ["最低生活保障申请", "残疾人证办理", "农机购置补贴申请", "出生登记", "3岁以下婴幼儿照护"]
    groups = text.group_by_initial(names, key=lambda n: n)
    assert [letter for letter, _ in groups] == ["#", "C", "N", "Z"]
    assert dict(groups)["C"] == ["残疾人证办理", "出生登记"]


def test_canonical_code_forgives_case_hyphens_spaces_and_full_width():
    assert text.canonical_code("mz-001") == "MZ001"
    assert text.canonical_code("ＭＺ－００１") == "MZ001"
    assert text.canonical_code(" MZ 001 ") == "MZ001"
    assert text.canonical_code("20261201-mz001-0003") == "20261201MZ0010003"
    assert text.canonical_code("") == ""
