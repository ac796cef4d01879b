"""When a form takes applications: its opening period (`opens_at`,
`closes_at`) and how the landing and step pages say so.

A form outside its period still shows its landing page and its blank and
sample PDFs (paper applications go on), but starts no draft and accepts no
final submission. The moment that counts is the arrival of the request: a
final 提交 that arrives before `closes_at` is accepted, one that arrives after
is refused, even for a draft begun while the form was open. Such a draft is
kept (until it expires), so it can be finished if the form is reopened."""

from dataclasses import dataclass

from django.utils import timezone

OPEN = "open"
NOT_YET = "not_yet"
CLOSED = "closed"


def format_moment(moment):
    """2027年3月1日 08:00 (local time)."""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@dataclass(frozen=True)
class Availability:
    state: str
    opens_at: object = None
    closes_at: object = None

    @property
    def is_open(self):
        return self.state == OPEN

    @property
    def message(self):
        """The sentence for residents, with the dates; "" for an open form without a closing date."""
        if self.state == NOT_YET:
            text = f"本表尚未开放在线申报，开放时间：{format_moment(self.opens_at)}"
            if self.closes_at:
                text += f"，截止时间：{format_moment(self.closes_at)}"
            return text + "。开放后才能在网上填写和提交。"
        if self.state == CLOSED:
            return f"本表的在线申报已于 {format_moment(self.closes_at)} 截止，不再接受在线填写和提交（已保存的草稿也不能再提交）。"
        if self.closes_at:
            return f"在线申报截止时间：{format_moment(self.closes_at)}。截止后不能再提交，已保存的草稿也不能。"
        return ""


def availability(opens_at, closes_at, now=None):
    """Is a form with this period open at `now` (default: this moment)?"""
    now = now or timezone.now()
    if opens_at and now < opens_at:
        state = NOT_YET
    elif closes_at and now >= closes_at:
        state = CLOSED
    else:
        state = OPEN
    return Availability(state, opens_at, closes_at)
