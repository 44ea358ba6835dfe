"""Telegram's HTML, checked without Telegram: a few tags, properly nested, `<` and `&` escaped.

The broadcast composer checks an admin's text here before anything is sent, and the playground's Bot API stand-in
refuses what Telegram would refuse with the same rule.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                          "tg-spoiler", "span", "blockquote", "tg-emoji"})  # fmt: skip
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
POPUP_LIMIT = 200
"""A callback answer's text (a popup)."""


def popup(text: str) -> str:
    """A callback answer as Telegram takes it: cut to 200 characters (a firm's name can be long)."""
    return text if len(text) <= POPUP_LIMIT else text[: POPUP_LIMIT - 1] + "…"


class HtmlError(ValueError):
    """What Telegram would answer: "Bad Request: can't parse entities: ..."."""


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise HtmlError(f'Unexpected end tag "{tag}"')
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees once Telegram has applied the HTML; raises HtmlError where Telegram would refuse."""
    if re.search(r"<(?![a-zA-Z/])", html):
        raise HtmlError("unescaped '<' (write &lt;)")
    if re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", html):
        raise HtmlError("unescaped '&' (write &amp;)")
    parser = _Check()
    parser.feed(html)
    parser.close()
    if parser.open:
        raise HtmlError(f'unclosed tag "{parser.open[-1]}"')
    return "".join(parser.text)
