"""One page -> its blocks: the header split off, tables as fragments, the rest as paragraphs.

Pages are read one at a time (each closed before the next, so memory stays flat on long files);
what one page teaches about the next (the header's rows and band, the text's right edge) lives in
``PageReader``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdfplumber.page import Page

from .cells import Fragment, to_fragment
from .geometry import BBox, Char, CharIndex
from .header import BOTTOM_BAND, HeaderModel, header_key, is_page_number
from .layout import Line, Para, lines, paragraphs
from .repair import BREAK

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

# Characters whose font has no Unicode mapping come out as "(cid:NN)", or as whatever letters the
# font's codes happen to be (LibreOffice's subset fonts number their glyphs from 0x20, so "!\"#$"):
# a font with this share of its characters unmapped has no usable mapping for any of them.
_UNMAPPED_FONT_SHARE = 0.25
# A page with this share of its characters in such fonts has no text to read: the odd character
# drawn in a mapped font (a page number, a bullet) does not make the rest readable.
_GLYPHS_ONLY_SHARE = 0.9


@dataclass(slots=True)
class PageResult:
    number: int
    height: float
    blocks: list[Fragment | Para]  # top to bottom
    n_chars: int
    cid: int  # characters without a Unicode mapping, drawn as "(cid:NN)"
    glyphs_only: bool = False  # its text is (almost) all such characters: no usable text layer


def _count_glyphs(chars: list[Char]) -> tuple[int, bool]:
    """(cid:NN) characters on a page, and whether (nearly) all its text is in fonts without a
    usable Unicode mapping."""
    cid = sum(c["text"].count("(cid:") for c in chars)
    if not cid:
        return 0, False
    per_font: dict[str, list[int]] = {}  # font name -> [visible characters, of them (cid:NN)]
    for c in chars:
        if not c["text"].isspace():
            counts = per_font.setdefault(c.get("fontname", ""), [0, 0])
            counts[0] += 1
            counts[1] += "(cid:" in c["text"]
    visible = sum(n for n, _ in per_font.values())
    unmapped = sum(n for n, n_cid in per_font.values() if n_cid >= _UNMAPPED_FONT_SHARE * n)
    return cid, unmapped >= _GLYPHS_ONLY_SHARE * visible


class PageReader:
    def __init__(self) -> None:
        self.header = HeaderModel()
        self.header_texts: list[str] = []
        self._header_seen: set[str] = set()
        self.right_edges: dict[int, float] = {}  # page width -> widest text/table right edge

    def add_header_text(self, text: str) -> None:
        text = text.replace(BREAK, "")
        key = header_key(text)
        if text and key not in self._header_seen:
            self._header_seen.add(key)
            self.header_texts.append(text)

    def read_page(self, page: Page) -> PageResult:
        tables = page.find_tables(TABLE_SETTINGS)
        return self._read(page.page_number, float(page.height), float(page.width), page.chars, tables)

    def read_ocr_page(self, ocr: Any) -> PageResult:
        """A scanned page read by ``extractors.ocr``: its characters and ruled cells, put
        together like a typed page's (the OCR confidences go with the cells and paragraphs)."""
        chars = ocr.chars + ocr.cell_chars
        res = self._read(ocr.number, ocr.height, ocr.width, chars, ocr.tables, ocr.cell_conf)
        for item in res.blocks:
            if isinstance(item, Para):
                confs = [ocr.line_conf[x] for x in item.lines if x in ocr.line_conf]
                item.confidence = min(confs) if confs else ocr.confidence
        return res

    def _tables(self, no: int, H: float, chars: CharIndex, tables: list, conf: dict | None):
        """The page's table fragments, the boxes their characters sit in, and where the page
        header ends (None: no header table)."""
        excluded: list[BBox] = []
        frags: list[Fragment] = []
        header_bottom = None
        for i, t in enumerate(sorted(tables, key=lambda t: t.bbox[1])):
            cells = t.cells
            if i == 0:
                head, cells = self.header.split(t, H, chars)
                if head:
                    hf = to_fragment(head, no, chars)
                    self.header.learn(hf)
                    self.add_header_text(hf.text)
                    header_bottom = hf.bottom
                    excluded.append(hf.margin_box(top=0))
            if cells:
                f = to_fragment(cells, no, chars, conf)
                frags.append(f)
                excluded.append(f.margin_box())
        return frags, excluded, header_bottom

    def _body_lines(self, page_lines: list[Line], H: float, header_bottom: float | None) -> list[Line]:
        """The lines that are not page numbers or loose header text (kept as header texts)."""
        body: list[Line] = []
        for ln in page_lines:
            in_margin_band = ln.top > H * BOTTOM_BAND or (ln.bottom < H * (1 - BOTTOM_BAND) and header_bottom is None)
            if in_margin_band and is_page_number(ln.text):
                self.add_header_text(ln.text)
            elif header_bottom is not None and ln.bottom <= header_bottom:
                self.add_header_text(ln.text)  # loose header text beside the header table
            else:
                body.append(ln)
        return body

    def _read(self, no: int, H: float, W: float, chars: list[Char], tables: list, conf: dict | None = None) -> PageResult:
        cid, glyphs_only = _count_glyphs(chars)
        index = CharIndex(chars)
        frags, excluded, header_bottom = self._tables(no, H, index, tables, conf)
        free = index.outside(excluded)
        body = self._body_lines(lines(free), H, header_bottom)
        edge = max([ln.x1 for ln in body] + [f.xs[-1] for f in frags] + [0.0])
        wkey = round(W)
        self.right_edges[wkey] = max(self.right_edges.get(wkey, 0.0), edge)
        paras = paragraphs(body, [(f.top, f.bottom) for f in frags], self.right_edges[wkey], no)
        blocks: list[Fragment | Para] = sorted([*frags, *paras], key=lambda b: b.top)
        return PageResult(no, H, blocks, len(chars), cid, glyphs_only)
