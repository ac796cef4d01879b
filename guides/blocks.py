"""StreamField blocks for regulation pages."""

from wagtail import blocks


class ArticleBlock(blocks.StructBlock):
    """One article (第N条) of a regulation, addressable by its own anchor."""

    number = blocks.CharBlock(label="条号", help_text="例如 第十一条")
    text = blocks.TextBlock(label="条文")

    class Meta:
        icon = "doc-full"
        label = "条文"
        template = "blocks/article_block.html"


class RegulationBodyBlock(blocks.StreamBlock):
    chapter = blocks.CharBlock(label="章节标题", template="blocks/chapter_block.html", icon="title")
    article = ArticleBlock()
    paragraph = blocks.RichTextBlock(label="段落", features=["bold", "italic", "ol", "ul", "link"])
