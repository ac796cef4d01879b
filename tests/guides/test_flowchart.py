"""Tests of the 办理流程图 layout and its SVG and PDF renderers (no database needed)."""

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from reportlab.graphics.shapes import String

from core.pdf import FONT_NAME
from guides.flowchart import Box, Label, draw_pdf, layout, measure, render_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"

STEPS = [
    {"name": "提交申请", "actor": "申请人", "days": 0},
    {"name": "初审", "actor": "农业窗口", "days": 3, "description": "核对机具和发票，人机合影"},
    {"name": "上报县农业农村局审核", "actor": "县农业农村局", "days": 15},
    {"name": "公示并兑付补贴", "actor": "县财政局", "days": 10},
]


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_svg_is_well_formed_accessible_and_scalable():
    root = ET.fromstring(render_svg(STEPS))
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    min_x, min_y, width, height = map(float, root.get("viewBox").split())
    assert (min_x, min_y) == (0, 0)
    assert 360 <= width <= 400 and height > 0
    assert "sans-serif" in root.get("font-family") and "Microsoft YaHei" in root.get("font-family")

    ids = {element.get("id"): element for element in root.iter()}
    title_id, desc_id = root.get("aria-labelledby").split()
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == "办理流程图"
    assert ids[desc_id].tag == f"{SVG}desc"
    for step in STEPS:
        assert step["name"] in ids[desc_id].text


def test_svg_shows_every_step_days_and_total():
    root = ET.fromstring(render_svg(STEPS))
    shown = "\n".join(texts(root))
    for step in STEPS:
        assert step["name"] in shown
        assert step["actor"] in shown
    assert "时限：即时办理" in shown
    assert "时限：15 个工作日" in shown
    assert "办结" in texts(root)
    assert "承诺办结时限：28 个工作日" in texts(root)  # 0 + 3 + 15 + 10


def test_svg_total_days_given_and_zero():
    assert "承诺办结时限：20 个工作日" in render_svg(STEPS, total_days=20)
    assert "承诺办结时限：即时办理" in render_svg(STEPS, total_days=0)


def test_total_line_left_out_when_a_step_has_no_days():
    steps = [{"name": "受理", "days": 1}, {"name": "审查", "days": None}]
    assert "承诺办结时限" not in render_svg(steps)
    assert "承诺办结时限：5 个工作日" in render_svg(steps, total_days=5)


def test_svg_text_is_readable_on_a_phone_and_dark():
    root = ET.fromstring(render_svg(STEPS))
    for element in root.iter(f"{SVG}text"):
        assert float(element.get("font-size")) >= 14
    for element in root.iter():
        if element.tag in (f"{SVG}rect", f"{SVG}line"):
            assert element.get("stroke") in ("#111111", "#222222")


def test_svg_escapes_markup_in_step_text():
    steps = [{"name": "<script>alert(1)</script>", "actor": "A & B", "days": 1, "description": '"quoted"'}]
    svg = render_svg(steps, title="流程 <b>")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    shown = "".join(texts(root))
    assert "<script>alert(1)</script>" in shown
    assert "承办：A & B" in shown


def test_control_characters_do_not_break_the_xml():
    ET.fromstring(render_svg([{"name": "受\x00理\x0b", "days": 1}]))


def test_empty_steps():
    assert render_svg([]) == ""
    assert render_svg(None) == ""
    plan = layout([])
    assert plan.empty and plan.height == 0 and plan.shapes == ()
    assert draw_pdf([]).height == 0


def test_single_step_has_one_box_and_the_end_node():
    plan = layout([{"name": "受理", "actor": "窗口", "days": 2}])
    boxes = [shape for shape in plan.shapes if isinstance(shape, Box)]
    assert len(boxes) == 2  # the step and the rounded end node
    assert boxes[1].radius == boxes[1].height / 2
    assert [label.text for label in plan.shapes if isinstance(label, Label)][-2:] == ["办结", "承诺办结时限：2 个工作日"]
    assert len(plan.cuts) == 1


def test_steps_may_be_objects():
    steps = [SimpleNamespace(name="受理", actor="窗口", days=1, description=""),
             SimpleNamespace(name="发证", actor="窗口", days=None, description="当场发放")]
    shown = texts(ET.fromstring(render_svg(steps)))
    assert "受理" in shown and "发证" in shown and "当场发放" in shown


def test_long_text_wraps_inside_its_box():
    name = "上报县农业农村局和县财政局联合审核并在村务公开栏公示七个工作日无异议后兑付"
    plan = layout([{"name": name, "actor": "县农业农村局农业机械化技术推广服务站", "days": 15,
                    "description": "核对机具铭牌、发票和申请信息，电话 0000-1234567，" * 3}])
    box = next(shape for shape in plan.shapes if isinstance(shape, Box))
    labels = [shape for shape in plan.shapes if isinstance(shape, Label) and box.y < shape.y < box.y + box.height]
    assert len(labels) > 6
    assert "".join(label.text for label in labels if label.size == 17) == name
    for label in labels:
        if label.anchor == "start":
            assert label.x + measure(label.text, label.size) <= box.x + box.width
        assert box.y < label.y - label.size and label.y < box.y + box.height


def test_wrap_keeps_latin_words_and_closing_punctuation_in_place():
    lines = wrap("周一至周五 8:30-12:00，14:00-17:30（逢场天照常办公）", 14, 200)
    assert "".join(lines).replace(" ", "") == "周一至周五8:30-12:00，14:00-17:30（逢场天照常办公）"
    assert all(measure(line, 14) <= 200 for line in lines)
    assert any("8:30-12:00" in line for line in lines)
    assert not any(line[0] in "，。、；：）》" for line in lines)


def test_pdf_drawing_is_the_layout_scaled():
    plan = layout(STEPS)
    drawing = draw_pdf(STEPS, width=300)
    assert drawing.width == 300
    assert abs(drawing.height - plan.height * 300 / plan.width) < 0.01
    strings = [node for node in drawing.getContents()[0].getContents() if isinstance(node, String)]
    cjk = {node.text for node in strings if node.fontName == FONT_NAME}
    for step in STEPS:
        assert step["name"] in cjk
    assert "承诺办结时限：" in cjk and "办结" in cjk


def test_large_text_chart_shows_every_text_larger_in_the_same_space():
    """Drawn at the same width, a chart laid out on a narrower viewBox shows its text
    text_scale times larger (so large-text mode reaches the flowchart too)."""

    def smallest_shown_size(svg):
        root = ET.fromstring(svg)
        view_width = float(root.get("viewBox").split()[2])
        return min(float(t.get("font-size")) for t in root.iter(f"{SVG}text")) * 360 / view_width

    normal, large = render_svg(STEPS), render_svg(STEPS, text_scale=22 / 18)
    assert smallest_shown_size(large) >= smallest_shown_size(normal) * 22 / 18 - 0.01
    assert texts(ET.fromstring(large)) != [] and "上报县农业农村局审核" in "".join(texts(ET.fromstring(large)))
