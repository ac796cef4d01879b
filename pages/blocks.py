"""StreamField blocks staff assemble the centre's content pages from."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(label="替代文字", required=False, help_text="给看不见图片的读者：图片上有什么。纯装饰图片留空")
    caption = blocks.CharBlock(label="图片说明", required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, help_text="留空时使用文件标题")
    note = blocks.CharBlock(label="说明", required=False, help_text="例如 填写说明、适用对象")

    class Meta:
        icon = "doc-full"
        label = "文件下载"
        template = "blocks/document_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label="类型",
        choices=[("info", "提示"), ("warning", "注意"), ("success", "好消息")],
        default="info",
    )
    title = blocks.CharBlock(label="标题", required=False)
    text = blocks.RichTextBlock(label="内容", features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "warning"
        label = "提示框"
        template = "blocks/callout_block.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题")
    answer = blocks.RichTextBlock(label="解答", features=["bold", "ol", "ul", "link"])


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="标题", required=False, default="常见问题")
    items = blocks.ListBlock(FAQItemBlock(), label="问答")

    class Meta:
        icon = "help"
        label = "常见问题"
        template = "blocks/faq_block.html"


class RuleBlock(blocks.StructBlock):
    """One service rule (首问负责制, 一次性告知制…), a section with its own
    anchor #rule-<anchor> so that notices and counters can link straight to it."""

    title = blocks.CharBlock(label="制度名称", help_text="例如 首问负责制")
    anchor = blocks.CharBlock(
        label="锚点",
        max_length=50,
        help_text="拼音或英文，用于网址 #rule-锚点，例如 shouwen；发布后不要再改",
    )
    body = blocks.RichTextBlock(label="内容", features=TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = "服务制度"
        template = "blocks/rule_block.html"

    def clean(self, value):
        value = super().clean(value)
        if slugify(value["anchor"]) != value["anchor"]:
            raise blocks.StructBlockValidationError(
                block_errors={"anchor": ValidationError("只能用小写字母、数字和连字符。")}
            )
        return value


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label="小标题", icon="title", template="blocks/heading_block.html")
    text = blocks.RichTextBlock(label="正文", features=TEXT_FEATURES)
    image = ImageBlock()
    table = TableBlock(label="表格", template="blocks/table_block.html")
    document = DocumentBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    rule = RuleBlock()

    def clean(self, value):
        value = super().clean(value)
        anchors = [child.value["anchor"] for child in value if child.block_type == "rule"]
        duplicates = {anchor for anchor in anchors if anchors.count(anchor) > 1}
        if duplicates:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ValidationError(f"锚点重复：{'、'.join(sorted(duplicates))}")
            )
        return value
