"""Review text from HTML to Markdown: what Letterboxd writes, turned into what people read.

Letterboxd keeps reviews as text with a little HTML in it (paragraphs, line
breaks, bold, italics, links), and the HTML is often unbalanced: `<i>Nikki<i>`
(a second opening where a closing was meant), an `<i>` left open, one that
spans a line break. Each inline tag is balanced first, within its paragraph
and its line, so the Markdown has no stray stars and no line that starts
with one (a list item nobody wrote).
"""

from __future__ import annotations

import re

# (Patterns as text, compiled by `re` when first used and kept in its cache: a command
# that never needs one does not pay the 30-150 µs of compiling it at start-up.)
_TAG = r"</?[a-zA-Z][^>]*>"
_INLINE = r"(?i)<(/?)(i|em|b|strong|u|s|del)\b[^>]*>|<br\s*/?>"
_PARAGRAPHS = r"\n[ \t\u00a0]*\n"


def _balanced(paragraph: str) -> str:
    """The paragraph with its inline tags closed where they should be: an opening of a
    tag already open closes it; a closing with nothing open goes; a line break closes
    what is open and opens it again after; the paragraph's end closes all."""
    out: list[str] = []
    open_tags: list[str] = []
    last = 0
    for tag in re.finditer(_INLINE, paragraph):
        out.append(paragraph[last : tag.start()])
        last = tag.end()
        closing, name = tag[1], (tag[2] or "br").lower()
        if name == "br":
            out += [f"</{t}>" for t in reversed(open_tags)] + ["<br>"]
            out += [f"<{t}>" for t in open_tags]
        elif closing or name in open_tags:
            if name in open_tags:
                at = open_tags.index(name)
                out += [f"</{t}>" for t in reversed(open_tags[at:])]
                out += [f"<{t}>" for t in open_tags[at + 1 :]]
                del open_tags[at]
        else:
            open_tags.append(name)
            out.append(f"<{name}>")
    out.append(paragraph[last:])
    out += [f"</{t}>" for t in reversed(open_tags)]
    return "".join(out)


def markdown_from_html(text: str) -> str:
    """Review text as Markdown: paragraphs, line breaks, bold, italics and links kept.

    Plain text is kept as it is. A review whose markup holds no text (an empty
    link, `<a></a>`) is still a review: it is kept as written, never dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not re.search(_TAG, text):
        if "&" not in text:  # no entity to read: most reviews (and no review at all)
            return text
        import html

        return html.unescape(text)
    from markdownify import markdownify

    paragraphs = [p for p in re.split(_PARAGRAPHS, text) if p.strip()]
    source = "".join("<p>" + _balanced(p.replace("\n", "<br>")) + "</p>" for p in paragraphs)
    converted = markdownify(
        source, heading_style="ATX", escape_asterisks=False, escape_underscores=False
    )
    lines = [line.rstrip() if not line.endswith("  ") else line for line in converted.split("\n")]
    converted = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    # An emphasis that ended up empty ("**" from "<b></b>") is no text of anyone's.
    converted = re.sub(r"(?<![*\w])(\*\*|\*)\s*\1(?![*\w])", "", converted)
    return converted.strip() or text
