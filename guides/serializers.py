"""A guide as a plain dict in the import format (`../shared/spec/guide-import.md`).

The same dict feeds the export command, the handout PDF and the importer's
"has anything changed?" check, so the three can never disagree."""

from decimal import Decimal

from core.text import split_list

# Keys of the import format, in the spec's order. `faqs` (常见问题) and
# `online_url` (网办地址) are this project's documented extensions, so that
# export → import round-trips.
ITEM_KEYS = [
    "code", "name", "window", "department", "item_type", "handling_type", "themes", "summary",
    "conditions", "materials", "steps", "legal_days", "promised_days", "fees", "basis", "result",
    "visits", "online", "online_url", "proxy", "location", "hours", "phone", "complaint_phone", "keywords", "faqs",
]  # fmt: skip
MATERIAL_KEYS = ["name", "form", "copies", "required", "source", "note"]
STEP_KEYS = ["name", "actor", "days", "description"]
FEE_KEYS = ["name", "amount", "basis"]
BASIS_KEYS = ["title", "article", "doc_number"]
FAQ_KEYS = ["question", "answer"]
LIST_KEYS = {
    "materials": MATERIAL_KEYS,
    "steps": STEP_KEYS,
    "fees": FEE_KEYS,
    "basis": BASIS_KEYS,
    "faqs": FAQ_KEYS,
}


def format_amount(value):
    return str(Decimal(value).quantize(Decimal("0.01")))


def guide_to_dict(page):
    """The guide as the import format describes it (every key present)."""
    return {
        "code": page.code,
        "name": page.title,
        "window": page.window.name,
        "department": page.department,
        "item_type": page.item_type,
        "handling_type": page.handling_type,
        "themes": [theme.name for theme in page.themes.all()],
        "summary": page.summary,
        "conditions": page.conditions,
        "materials": [
            {
                "name": m.name,
                "form": m.form,
                "copies": m.copies,
                "required": m.required,
                "source": m.source,
                "note": m.note,
            }
            for m in page.materials.all()
        ],
        "steps": [
            {"name": s.name, "actor": s.actor, "days": s.days, "description": s.description}
            for s in page.steps.all()
        ],
        "legal_days": page.legal_days,
        "promised_days": page.promised_days,
        "fees": [{"name": f.name, "amount": format_amount(f.amount), "basis": f.basis} for f in page.fees.all()],
        "basis": [
            {"title": b.title, "article": b.article, "doc_number": b.doc_number} for b in page.legal_bases.all()
        ],
        "result": page.result,
        "visits": page.visits,
        "online": page.online,
        "online_url": page.online_url,
        "proxy": page.proxy,
        "location": page.location,
        "hours": page.hours,
        "phone": page.phone,
        "complaint_phone": page.complaint_phone,
        "keywords": split_list(page.keywords),
        "faqs": [{"question": q.question, "answer": q.answer} for q in page.faqs.all()],
    }
