"""Blocks as a self-contained HTML page: real headings, paragraphs, lists and tables, so a
screen reader can move by heading and a browser reflows the text; the dance's picture is the
one <pre>. The style is inline in the page: no stylesheet, font, image or script from anywhere,
so the file opens the same offline, years later. Every text is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence

from game.present.document import Block, Bullets, Heading, Para, Pre, Table
from game.present.safe_text import safe_text

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { text-align: left; border-bottom: 2px solid #888; }
.r { text-align: right; font-variant-numeric: tabular-nums; }
pre { font-family: ui-monospace, monospace; font-size: 0.85rem; line-height: 1.15;
      overflow-x: auto; background: #fafafa; padding: 0.6rem; border: 1px solid #eee; }
.m-t { color: #c00; font-weight: bold; } .m-w { color: #0044cc; font-weight: bold; }
.m-b { color: #a0a; font-weight: bold; } .m-f { color: #080; }
.m-N { background: #fd0; font-weight: bold; } .m-R { background: #063; color: #fff; }
.m-o { background: #c00; color: #fff; font-weight: bold; } .m-a { color: #999; }
"""

# the dance's characters in colour (each is also told by its character and the legend)
_PICTURE_CLASSES = {
    "t": "m-t",
    "w": "m-w",
    "b": "m-b",
    ".": "m-f",
    "N": "m-N",
    "R": "m-R",
    "*": "m-o",
    "|": "m-a",
    "-": "m-a",
    "+": "m-a",
}


def escape(text: str) -> str:
    """HTML-escaped, and a control character written out (a browser ignores ESC; `cat` does not)."""
    return html.escape(safe_text(text))


def to_html(blocks: Sequence[Block], title: str) -> str:
    """A whole page: `title` as its <title> and <h1>, then the blocks."""
    body = "\n".join(_block(block) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def _block(block: Block) -> str:
    match block:
        case Heading(level=level, text=text):
            n = min(max(level, 2), 3)  # the page's title is its only <h1>
            return f"<h{n}>{escape(text)}</h{n}>"
        case Para(text=text):
            return f"<p>{escape(text)}</p>"
        case Bullets(items=items):
            return "<ul>\n" + "\n".join(f"<li>{escape(i)}</li>" for i in items) + "\n</ul>"
        case Table():
            return _table(block)
        case Pre(lines=lines, picture=picture):
            shown = (_picture_line(line) if picture else escape(line) for line in lines)
            return "<pre>" + "\n".join(shown) + "</pre>"


def _table(table: Table) -> str:
    def cells(tag: str, row: Sequence[str]) -> Iterator[str]:
        for i, cell in enumerate(row):
            right = ' class="r"' if table.right(i) else ""
            scope = ' scope="col"' if tag == "th" else ""
            yield f"<{tag}{scope}{right}>{escape(cell)}</{tag}>"

    head = "<tr>" + "".join(cells("th", table.header)) + "</tr>"
    rows = "\n".join("<tr>" + "".join(cells("td", row)) + "</tr>" for row in table.rows)
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _picture_line(line: str) -> str:
    """A line of the dance with its marks coloured: the plot rows ('100 |...', past the axis)
    and the mark at the head of each legend line ('  t  an offer by Tokyo'); titles stay plain."""
    if len(line) > 4 and line[4] == "|":
        columns = set(range(5, len(line)))
    elif len(line) > 5 and line[:2] == "  " and line[3:5] == "  ":
        columns = {2}
    else:
        return escape(line)
    out: list[str] = []
    for i, char in enumerate(line):
        css = _PICTURE_CLASSES.get(char) if i in columns else None
        out.append(f'<span class="{css}">{escape(char)}</span>' if css else escape(char))
    return "".join(out)
