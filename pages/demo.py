"""Demo content pages of a centre: 中心简介, 办事须知, 服务制度. Idempotent."""

from .models import ContentPage


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


RULES = [
    ("shouwen", "首问负责制", "群众来中心咨询或办事，第一位接待的工作人员就是首问责任人：属于本窗口的事项当场办理或告知；不属于本窗口的，负责把群众引导到承办窗口，不得推诿、不得说“不知道”。"),
    ("yicixing", "一次性告知制", "群众办事材料不齐全或不符合要求的，窗口工作人员一次性告知需要补正的全部材料和要求，并出具《一次性告知单》，不让群众因为告知不清多跑一趟。"),
    ("xianshi", "限时办结制", "即办件当场办结；承诺件在承诺时限内办结，不能按时办结的提前说明理由并告知预计办结时间。办理时限从受理之日起按工作日计算。"),
    ("abgang", "AB岗工作制", "每个窗口岗位设 A 岗和 B 岗。A 岗因事离岗时由 B 岗顶岗，做到离岗不离责、缺岗不缺位，群众不因工作人员不在而白跑。"),
    ("zeren", "责任追究制", "工作人员违反上述制度、推诿扯皮、吃拿卡要的，群众可拨打监督投诉电话或填写意见簿；经查属实的，按照有关规定追究责任，并将处理结果告知投诉人。"),
]


def content_specs():
    return [
        {
            "slug": "jianjie",
            "title": "中心简介",
            "show_in_menus": True,
            "intro": "镇便民服务中心集中办理群众和企业的各类行政审批与公共服务事项，实行“一门受理、集中办理、限时办结”。",
            "body": [
                {"type": "text", "value": rich(
                    "中心设民政、劳动保障、卫生健康、农业综合服务、国土村镇建设、医疗保障、户籍和综合八个窗口，进驻部门的事项在这里统一受理。",
                    "全镇每个行政村设有便民服务代办点，由村代办员为群众代收材料、代办事项，老人和行动不便的群众不出村就能办事。",
                )},
                {"type": "heading", "value": "服务网络"},
                {"type": "table", "value": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "县、镇、村三级便民服务网络",
                    "data": [
                        ["层级", "做什么", "在哪里"],
                        ["县", "统一编制并公布事项目录和办事指南", "县政务服务中心"],
                        ["镇", "在各窗口受理、办理事项", "镇便民服务中心"],
                        ["村", "代办员代收材料、代办事项", "各村便民服务代办点"],
                    ],
                }},
                {"type": "callout", "value": {"kind": "info", "title": "先查指南再出门", "text": rich("办事前先在“办事指南”里查好要带的材料，或者打电话问一问，尽量一次办成。")}},
            ],
        },
        {
            "slug": "xuzhi",
            "title": "办事须知",
            "show_in_menus": True,
            "intro": "来中心办事前请看一看，少跑腿、不白跑。",
            "body": [
                {"type": "callout", "value": {"kind": "warning", "title": "请带好身份证", "text": rich("办理任何事项都请携带本人居民身份证原件；代他人办理的，还要带代办人的身份证和委托书。")}},
                {"type": "text", "value": rich(
                    "中心按取号顺序叫号办理，老年人、残疾人、孕妇等可以走绿色通道，请向导办台说明。",
                    "材料不全的，窗口会出具一次性告知单，写明还需要补交哪些材料。",
                )},
                {"type": "faq", "value": {"title": "常见问题", "items": [
                    {"question": "中午可以办事吗？", "answer": rich("工作日中午实行延时服务，12:00-14:00 由值班窗口受理。")},
                    {"question": "我不方便来镇上怎么办？", "answer": rich("标有“可村级代办”的事项，可以到本村代办点交给代办员代办。")},
                    {"question": "对服务不满意找谁？", "answer": rich("可以拨打监督投诉电话，或者在页面下方“本页是否有帮助”留言。")},
                ]}},
            ],
        },
        {
            "slug": "zhidu",
            "title": "服务制度",
            "show_in_menus": False,
            "intro": "中心对群众的服务承诺。有疑问或不满意，可以按这些制度向中心反映。",
            "body": [{"type": "rule", "value": {"anchor": anchor, "title": title, "body": rich(text)}} for anchor, title, text in RULES],
        },
    ]


def load_content_pages(home):
    pages = []
    for spec in content_specs():
        page = ContentPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(instance=ContentPage(**spec))
            page.save_revision().publish()
        pages.append(page)
    return pages
