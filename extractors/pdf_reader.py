"""PDF file -> ``RawDocument``.

Syllabus PDFs are LibreOffice/Word exports of DOCX files with ruled tables, so the reader trusts
ruling lines: pdfplumber's table finder (lines strategy) finds the tables, and the words outside
them become paragraphs. Each page is read on its own and closed before the next one, so memory
stays flat on long files.

What the reader does beyond pdfplumber, and why:

* **Page header.** Every page repeats a ruled header table (university | QMS code | "N бет M").
  It usually touches the first body table, and pdfplumber then returns the two as one table.
  The reader finds the header rows (a page-number text such as "2 бет 11", the rows seen as
  header on an earlier page, or the header band measured on an earlier page), splits their
  cells off, and keeps the header text apart in ``RawDocument.header_texts``.
* **Tables across pages.** A table fragment that opens a page with the same column grid as the
  table that closed the previous page is stitched onto it; repeated header rows are dropped and a
  row split by the page break is joined back.
* **Merged cells.** pdfplumber gives ``None`` for grid positions covered by a merged cell; the
  reader finds the covering cell by geometry and writes ``covered_by`` (see ``raw.py``).
* **Rotated pages.** pdfminer applies ``/Rotate``; a page whose text then runs sideways (a
  portrait page rotated for display, or a landscape page stored sideways) is re-read at the
  rotation that makes most characters run left to right.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import statistics
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils import extract_text, extract_words
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ExtractionError,
    NoTextLayer,
    OcrTimedOut,
    TooLarge,
    WrongFormat,
)
from .limits import Limits
from .raw import Block, RawCell, RawDocument, RawParagraph, RawTable

__all__ = ["read_pdf"]

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

# Exceptions pdfminer raises on damaged files besides its own PSException family (it indexes and
# unpacks raw structures without checking them). Only calls into pdfminer are guarded by these.
_PARSE_ERRORS = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)

_TOP_BAND = 0.22  # a page header table starts in the top 22 % of the page
_BOTTOM_BAND = 0.90  # footer page numbers sit below 90 % of the page height
_STITCH_BOTTOM = 0.75  # a table that ends below 75 % of the page may continue on the next
_TOL = 2.0  # points: column edges closer than this are the same edge

# "2 бет 11", "бет 2", "стр. 2 из 11", "Страница 2", "Page 2 of 11", "2 из 11", "2 of 11", "2/11"
_PAGE_NO = re.compile(
    r"(?:\b\d{1,4}\s*[-‑]?\s*бет(?:\s*\d{1,4})?\b"
    r"|\bбет\s*\d{1,4}\b"
    r"|\b(?:стр\.?|страница|page|p\.)\s*\d{1,4}(?:\s*(?:из|of|/)\s*\d{1,4})?\b"
    r"|\b\d{1,4}\s*(?:из|of)\s*\d{1,4}\b)",
    re.IGNORECASE,
)
_BARE_PAGE_NO = re.compile(r"^[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?$|^\d{1,4}\s*/\s*\d{1,4}$")

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Latin letters that look like Cyrillic ones, for comparing header texts only (the seed syllabus
# writes its QMS code "026-ІІ-2021" with Cyrillic І on some pages and Latin I on others).
_HOMOGLYPHS = str.maketrans("aceiopxykmht", "асеіорхукмнт")

_BULLETS = "•●▪■◦○‣∙·➢➤►▶✓✔"
_DASHES = "-–—"
_UPPER = "A-ZА-ЯЁӘІҢҒҮҰҚӨҺ"
_NUMBERED = re.compile(rf"^(\d{{1,3}})(?:[.)]\s+\S|\s+[{_UPPER}«\"“])")
_MULTILEVEL = re.compile(rf"^\d{{1,2}}(?:\.\d{{1,2}})+\.?\s+[{_UPPER}]")
_LETTERED = re.compile(r"^[a-zа-я]\)\s+\S")


# --------------------------------------------------------------------------- text helpers


def _clean_line(s: str) -> str:
    for lig, rep in _LIGATURES.items():
        s = s.replace(lig, rep)
    s = s.translate(_INVISIBLE)
    return " ".join(s.split())


_BREAK = "\x00"  # marks a line break after a hyphen until the document's words are known


def _join_lines(lines: Iterable[str], sep: str) -> str:
    """Join wrapped lines; a word broken after a hyphen ("тау-" / "кен") is joined back without a
    separator. Whether the hyphen stays is decided later by ``_resolve_breaks``."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and len(out) > 1 and out[-1] == "-" and out[-2].isalpha() and line[0].isalpha():
            out += _BREAK + line
        elif out:
            out += sep + line
        else:
            out = line
    return out


def _raw_lines(text: str) -> list[str]:
    """Split pdfplumber text into cleaned lines, joining a soft-hyphenated break first."""
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text)
    return [_clean_line(x) for x in text.split("\n")]


_BROKEN = re.compile(r"(\w+)-\x00(\w+)")
_CUT = "\x01"  # marks a line that may have been cut inside a word (see _cell_lines)
_CUT_WORD = re.compile(r"(\w+)\x01(\w+)")


def _vocabulary(texts: Iterable[str]) -> set[str]:
    vocab: set[str] = set()
    for t in texts:
        for token in t.split():
            if _BREAK not in token and _CUT not in token:
                vocab.update(w.casefold() for w in re.findall(r"\w+", token))
    return vocab


def _resolve_breaks(text: str, vocab: set[str]) -> str:
    """LibreOffice draws a hyphenation break as a plain "-", like the hyphen of a compound word
    ("тау-кен"). The hyphen is dropped when the joined word occurs unbroken elsewhere in the
    document ("сипат-" / "тамасы" -> "сипаттамасы"), and kept otherwise."""
    if _CUT in text:
        text = _CUT_WORD.sub(lambda m: _resolve_cut(m.group(1), m.group(2), vocab), text).replace(_CUT, "\n")
    if _BREAK not in text:
        return text

    def fix(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        return a + b if (a + b).casefold() in vocab else f"{a}-{b}"

    return _BROKEN.sub(fix, text).replace(_BREAK, "")


def _resolve_cut(head: str, tail: str, vocab: set[str]) -> str:
    """A line that filled its cell, then a lower-case line: one word cut by the cell's width
    ("Қанағаттанарл" / "ық"), unless the tail is a word the document uses on its own
    ("Жарылымдардың" / "кинематикасы" is a wrap that happened to fill the cell)."""
    if (head + tail).casefold() in vocab or tail.casefold() not in vocab:
        return head + tail
    return f"{head}\n{tail}"


def _header_key(s: str) -> str:
    s = _PAGE_NO.sub("#", s.casefold()).translate(_HOMOGLYPHS)
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", s))


# --------------------------------------------------------------------------- geometry helpers


def _cluster(values: Iterable[float], tol: float = _TOL) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _idx(grid: list[float], v: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - v))


def _mid_in(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


# --------------------------------------------------------------------------- per-page pieces


@dataclass
class _Fragment:
    """A table as found on one page, before stitching. Row/col indices are local."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column boundaries, left to right, including the right edge
    rows: list[list[RawCell]]


@dataclass
class _Para:
    page: int
    top: float
    lines: list[str] = field(default_factory=list)
    confidence: float | None = None  # OCR confidence (0-100) of its least sure line


@dataclass
class _PageResult:
    number: int
    height: float
    blocks: list[tuple[float, _Fragment | _Para]]
    header_texts: list[str]
    n_chars: int
    cid: int


# A line cut inside a word fills the cell from padding to padding. Measured on the corpus's
# LibreOffice exports: cut lines leave 5.4-7.2 pt on each side; lines wrapped at a space leave
# 7.45 pt and up on at least one side (most leave 8 pt and far more). The margin between the two
# is thin, so a candidate cut is also checked against the document's own words (_resolve_cut).
_CUT_MARGIN = 7.3


def _cell_lines(chars: list[dict], cell: tuple) -> list[str]:
    """A cell's lines. When a word is too long for a narrow cell, LibreOffice breaks it with no
    hyphen ("Қанағаттанарл" / "ық"): a line holding one word that runs to the cell's right border,
    followed by a line starting in lower case, is one word, and is joined back without a space."""
    if not chars:
        return []
    by_line: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if by_line and abs(by_line[-1][0]["top"] - ch["top"]) <= 2:
            by_line[-1].append(ch)
        else:
            by_line.append([ch])
    lines: list[str] = []
    cut_before = False
    for group in by_line:
        text = _clean_line(_raw_lines(extract_text(group))[0] if group else "")
        if not text:
            continue
        if cut_before and lines and text[0].islower():
            lines[-1] += _CUT + text
        else:
            lines.append(text)
        left, right = min(c["x0"] for c in group), max(c["x1"] for c in group)
        margin = _CUT_MARGIN + (2.5 if group[0].get("fontname") == "OCR" else 0.0)  # OCR boxes hug the ink
        cut_before = (
            " " not in text
            and text[-1].isalpha()
            and right >= cell[2] - margin
            and left <= cell[0] + margin
        )
    return lines


def _chars_by_cell(cells: list[tuple], xs: list[float], ys: list[float], chars: list[dict]) -> dict[tuple, list[dict]]:
    """Each character to the cell holding its midpoint, by bisecting the table's grid (a scan of
    every character for every cell made this the reader's hot spot on long tables)."""
    cell_at: dict[tuple[int, int], tuple] = {}
    for cell in cells:
        r0, r1 = _idx(ys, cell[1]), _idx(ys, cell[3])
        c0, c1 = _idx(xs, cell[0]), _idx(xs, cell[2])
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                cell_at.setdefault((r, c), cell)
    out: dict[tuple, list[dict]] = {}
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        cell = cell_at.get((bisect.bisect_right(ys, y) - 1, bisect.bisect_right(xs, x) - 1))
        if cell is None or not _mid_in(ch, cell):  # near a clustered edge: ask every cell
            cell = next((c for c in cells if _mid_in(ch, c)), None)
        if cell is not None:
            out.setdefault(cell, []).append(ch)
    return out


def _cells_to_fragment(
    page: Page | None, cells: list[tuple], page_no: int, chars: list[dict], conf: dict[tuple, float] | None = None
) -> _Fragment:
    xs = _cluster([c[0] for c in cells] + [max(c[2] for c in cells)])
    ys = _cluster([c[1] for c in cells] + [max(c[3] for c in cells)])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    origin_at: dict[tuple[int, int], tuple] = {}
    for c in cells:
        origin_at.setdefault((_idx(ys, c[1]), _idx(xs, c[0])), c)
    bbox = (xs[0] - 1, ys[0] - 1, xs[-1] + 1, ys[-1] + 1)
    table_chars = [ch for ch in chars if _mid_in(ch, bbox)]
    chars_of = _chars_by_cell(cells, xs, ys, table_chars)
    spans: list[tuple[tuple, int, int]] = []  # (cell bbox, origin row, origin col)
    rows: list[list[RawCell]] = []
    for r in range(n_rows):
        row: list[RawCell] = []
        for c in range(n_cols):
            cell = origin_at.get((r, c))
            if cell is not None:
                text = _join_lines(_cell_lines(chars_of.get(cell, []), cell), "\n")
                row.append(
                    RawCell(text=text, row=r, col=c, page=page_no, confidence=None if conf is None else conf.get(cell))
                )
                spans.append((cell, r, c))
                continue
            x, y = xs[c] + _TOL, ys[r] + _TOL
            covered = None
            for b, orow, ocol in spans:
                if b[0] <= x < b[2] and b[1] <= y < b[3] and (orow, ocol) != (r, c):
                    covered = (orow, ocol)
                    break
            row.append(RawCell(text="", row=r, col=c, page=page_no, covered_by=covered))
        rows.append(row)
    return _Fragment(page=page_no, top=ys[0], bottom=ys[-1], xs=xs, rows=rows)


def _fragment_text(frag: _Fragment) -> str:
    return "\n".join(
        "\t".join(c.text.replace("\n", " ") for c in row if not c.is_covered) for row in frag.rows
    )


class _HeaderModel:
    """What the page header looks like, learnt from the pages read so far."""

    def __init__(self) -> None:
        self.row_keys: set[str] = set()
        self.band: tuple[float, float] | None = None  # (top, bottom) of the header table

    def split(self, table: Table, page_height: float) -> tuple[list[tuple], list[tuple]]:
        """Return (header cells, body cells) of the topmost table on a page."""
        cells = table.cells
        top = min(c[1] for c in cells)
        if top > page_height * _TOP_BAND:
            return [], cells
        ys = _cluster([c[1] for c in cells])
        header_bottom = None
        for i, y in enumerate(ys):
            band_cells = [c for c in cells if abs(c[1] - y) <= _TOL]
            y_next = ys[i + 1] if i + 1 < len(ys) else max(c[3] for c in cells)
            text = " ".join(c_text for _, c_text in self._texts(table, band_cells))
            inside_known = (
                self.band is not None and y >= self.band[0] - _TOL and y_next <= self.band[1] + _TOL
            )
            covered_by_header = header_bottom is not None and y < header_bottom - _TOL
            is_header = (
                bool(_PAGE_NO.search(text))
                or (text.strip() and _header_key(text) in self.row_keys)
                or inside_known
                or covered_by_header
            )
            if not is_header:
                break
            header_bottom = max([header_bottom or 0.0] + [c[3] for c in band_cells])
        if header_bottom is None:
            return [], cells
        head = [c for c in cells if c[3] <= header_bottom + _TOL]
        body = [c for c in cells if c[1] >= header_bottom - _TOL]
        return head, body

    def learn(self, head_frag: _Fragment) -> None:
        for row in head_frag.rows:
            text = " ".join(c.text for c in row if not c.is_covered)
            if text.strip():
                self.row_keys.add(_header_key(text))
        if self.band is None:
            self.band = (head_frag.top, head_frag.bottom)

    @staticmethod
    def _texts(table: Table, cells: list[tuple]) -> list[tuple[tuple, str]]:
        chars = table.page.chars
        return [
            (c, _clean_line(extract_text([ch for ch in chars if _mid_in(ch, c)]).replace("\n", " ")))
            for c in cells
        ]


def _lines(chars: list[dict]) -> list[dict]:
    """Group words into visual lines: [{'top','bottom','x0','x1','size','words':[...]}]."""
    words = extract_words(chars, x_tolerance=1.5, y_tolerance=3, extra_attrs=["size"])
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[dict] = []
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        for ln in reversed(lines[-3:]):
            if ln["top"] <= mid <= ln["bottom"]:
                ln["words"].append(w)
                ln["x0"], ln["x1"] = min(ln["x0"], w["x0"]), max(ln["x1"], w["x1"])
                ln["top"], ln["bottom"] = min(ln["top"], w["top"]), max(ln["bottom"], w["bottom"])
                break
        else:
            lines.append({"top": w["top"], "bottom": w["bottom"], "x0": w["x0"], "x1": w["x1"], "words": [w]})
    for ln in lines:
        ln["words"].sort(key=lambda w: w["x0"])
        ln["text"] = _clean_line(" ".join(w["text"] for w in ln["words"]))
        ln["size"] = statistics.median(w["size"] for w in ln["words"])
    lines.sort(key=lambda ln: ln["top"])
    return [ln for ln in lines if ln["text"]]


def _marker(text: str, para_first: str | None, prev_text: str) -> tuple[bool, int | None]:
    """Does a line start a list item? Returns (starts_item, item number if numbered)."""
    if text[0] in _BULLETS or "\uf000" <= text[0] <= "\uf0ff":
        return True, None
    if text[0] in _DASHES and len(text) > 1 and text[1] == " ":
        # A dash also wraps onto a new line inside sentences ("2014. – 128 б."): it opens an item
        # only inside a dash list or after a line that introduces one.
        same_list = para_first is not None and para_first[:2] == text[:2]
        return same_list or prev_text.endswith((":", ";")), None
    if _MULTILEVEL.match(text):
        return True, None
    if _LETTERED.match(text):
        return True, None
    m = _NUMBERED.match(text)
    if m:
        return True, int(m.group(1))
    return False, None


def _paragraphs(lines: list[dict], tables: list[tuple[float, float]], right_edge: float, page_no: int) -> list[_Para]:
    """Lines -> paragraphs. A new paragraph starts at: a list marker; a vertical gap clearly
    larger than the page's line gap; a change of font size; a table in between; or after a line
    that ends well short of the right edge (a wrapped line is one the next word did not fit on)."""
    if not lines:
        return []
    gaps = [b["top"] - a["bottom"] for a, b in zip(lines, lines[1:]) if b["top"] - a["bottom"] > -1]
    base_gap = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    paras: list[_Para] = []
    last_no: int | None = None
    prev = None
    for ln in lines:
        text = ln["text"]
        para = paras[-1] if paras else None
        is_item, no = _marker(text, para.lines[0] if para else None, prev["text"] if prev else "")
        if is_item and no is not None:
            # A numbered item must continue the count (or restart it at 1); a wrapped line that
            # happens to begin with a number ("2014. – 128 б.") does not.
            is_item = no == 1 or (last_no is not None and no == last_no + 1)
        new = prev is None or is_item
        if not new:
            size = ln["size"]
            gap = ln["top"] - prev["bottom"]
            first_w = ln["words"][0]["x1"] - ln["words"][0]["x0"]
            new = (
                gap > base_gap + 0.45 * size
                or abs(size - prev["size"]) > 1.0
                or any(prev["bottom"] <= t_top <= ln["top"] for t_top, _ in tables)
                or prev["x1"] + 0.3 * size + first_w < right_edge - 0.5 * size
            )
        if new:
            paras.append(_Para(page=page_no, top=ln["top"], lines=[text]))
            if is_item and no is not None:
                last_no = no
            elif not is_item:
                last_no = None if not _NUMBERED.match(text) else last_no
        else:
            paras[-1].lines.append(text)
        prev = ln
    return paras


def _upright_score(page: Page) -> float:
    chars = page.chars
    if not chars:
        return 1.0
    ok = sum(1 for c in chars if c["matrix"][0] > 0 and abs(c["matrix"][1]) < 1e-3 and abs(c["matrix"][2]) < 1e-3)
    return ok / len(chars)


def _readable(pdf: pdfplumber.PDF, page: Page) -> Page:
    """Return ``page``, or the page re-read at the rotation that makes its text run left to
    right when pdfminer's handling of /Rotate leaves it sideways or upside down."""
    if _upright_score(page) >= 0.5:
        return page
    po = page.page_obj
    original = po.rotate
    best, best_score = page, _upright_score(page)
    for delta in (90, 270, 180):
        rot = (original + delta) % 360
        po.rotate = rot
        po.attrs = {**po.attrs, "Rotate": rot}
        cand = Page(pdf, po, page_number=page.page_number, initial_doctop=page.initial_doctop)
        score = _upright_score(cand)
        if score > best_score:
            best.close()
            best, best_score = cand, score
        else:
            cand.close()
        if best_score >= 0.9:
            break
    if best is page:
        po.rotate = original
        po.attrs = {**po.attrs, "Rotate": original}
    else:
        page.close()
    return best


class _Reader:
    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        self.header = _HeaderModel()
        self.header_texts: list[str] = []
        self._header_seen: set[str] = set()
        self.right_edges: dict[int, float] = {}  # page width -> widest text/table right edge

    def add_header_text(self, text: str) -> None:
        text = text.replace(_BREAK, "")
        key = _header_key(text)
        if text and key not in self._header_seen:
            self._header_seen.add(key)
            self.header_texts.append(text)

    def read_page(self, page: Page) -> _PageResult:
        chars = page.chars
        tables = page.find_tables(TABLE_SETTINGS)
        return self._read(page.page_number, float(page.height), float(page.width), chars, tables)

    def read_ocr_page(self, ocr) -> _PageResult:
        """A scanned page read by ``extractors.ocr``: its characters and ruled cells, put
        together like a typed page's (the OCR confidences go with the cells and paragraphs)."""
        chars = ocr.chars + ocr.cell_chars
        for t in ocr.tables:
            t.page = SimpleNamespace(chars=chars)
        res = self._read(ocr.number, ocr.height, ocr.width, chars, ocr.tables, ocr.cell_conf)
        for _, item in res.blocks:
            if isinstance(item, _Para):
                confs = [ocr.line_conf[x] for x in item.lines if x in ocr.line_conf]
                item.confidence = min(confs) if confs else ocr.confidence
        return res

    def _read(self, no: int, H: float, W: float, chars: list[dict], tables: list, conf: dict | None = None) -> _PageResult:
        cid = sum(c["text"].count("(cid:") for c in chars)
        tables = sorted(tables, key=lambda t: t.bbox[1])
        excluded: list[tuple[float, float, float, float]] = []
        frags: list[_Fragment] = []
        header_bottom = None
        for i, t in enumerate(tables):
            cells = t.cells
            if i == 0:
                head, cells = self.header.split(t, H)
                if head:
                    hf = _cells_to_fragment(None, head, no, chars)
                    self.header.learn(hf)
                    self.add_header_text(_fragment_text(hf))
                    header_bottom = hf.bottom
                    excluded.append((hf.xs[0] - 1, 0, hf.xs[-1] + 1, hf.bottom + 1))
            if cells:
                f = _cells_to_fragment(None, cells, no, chars, conf)
                frags.append(f)
                excluded.append((f.xs[0] - 1, f.top - 1, f.xs[-1] + 1, f.bottom + 1))

        free = [c for c in chars if not any(_mid_in(c, b) for b in excluded)]
        lines = _lines(free)
        body_lines = []
        for ln in lines:
            in_margin_band = ln["top"] > H * _BOTTOM_BAND or (
                ln["bottom"] < H * (1 - _BOTTOM_BAND) and header_bottom is None
            )
            if in_margin_band and (_BARE_PAGE_NO.match(ln["text"]) or _PAGE_NO.fullmatch(ln["text"])):
                self.add_header_text(ln["text"])
            elif header_bottom is not None and ln["bottom"] <= header_bottom:
                self.add_header_text(ln["text"])  # loose header text beside the header table
            else:
                body_lines.append(ln)

        edge = max([ln["x1"] for ln in body_lines] + [f.xs[-1] for f in frags] + [0.0])
        wkey = round(W)
        self.right_edges[wkey] = max(self.right_edges.get(wkey, 0.0), edge)
        paras = _paragraphs(body_lines, [(f.top, f.bottom) for f in frags], self.right_edges[wkey], no)
        blocks: list[tuple[float, _Fragment | _Para]] = [(f.top, f) for f in frags]
        blocks += [(p.top, p) for p in paras]
        blocks.sort(key=lambda b: b[0])
        return _PageResult(no, H, blocks, [], len(chars), cid)


# --------------------------------------------------------------------------- stitching


def _same_grid(a: _Fragment, b: _Fragment) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= _TOL for x, y in zip(a.xs, b.xs))


def _row_key(row: list[RawCell]) -> list[str]:
    return ["".join(c.text.split()) for c in row]


@dataclass
class _Logical:
    rows: list[list[RawCell]]
    page: int
    last: _Fragment


def _append_rows(
    table: _Logical, frag: _Fragment, skip: int, join_first: bool, carry: tuple[int, int] | None = None
) -> None:
    """Append ``frag.rows[skip:]`` to ``table``. Rows before ``skip`` (a repeated header) are
    dropped; when ``join_first``, row ``skip`` continues the table's last row (a row split by the
    page break) and its cell texts are joined onto that row's cells."""
    n_before = len(table.rows)

    def new_index(r: int) -> int | None:
        if r < skip:
            return None
        if join_first:
            return n_before - 1 + (r - skip)
        return n_before + (r - skip)

    rows = frag.rows[skip:]
    if join_first and rows:
        prev = table.rows[-1]
        for c, cell in enumerate(rows[0]):
            if c < len(prev) and cell.text:
                target = prev[c]
                if target.is_covered:
                    r0, c0 = target.covered_by
                    target = table.rows[r0][c0]
                target.text = _join_lines([target.text, cell.text], "\n")
                if cell.confidence is not None:
                    target.confidence = min(cell.confidence, target.confidence or 100.0)
        rows = rows[1:]
    for row in rows:
        new_row = []
        for cell in row:
            cov = cell.covered_by
            if cov is not None:
                r = new_index(cov[0])
                cov = None if r is None else (r, cov[1])
            elif carry is not None and cell.col == 0 and not cell.text and not new_row and row is rows[0]:
                cov = carry
            new_row.append(
                RawCell(
                    text=cell.text, row=len(table.rows), col=cell.col, page=cell.page, covered_by=cov,
                    confidence=cell.confidence,
                )
            )
        table.rows.append(new_row)
    table.last = frag


def _repeats_header(header: list[list[RawCell]], rows: list[list[RawCell]]) -> dict[int, str] | None:
    """Do ``rows`` repeat ``header``? Returns, per column, header text that spilled out of the
    repeated copy: LibreOffice can draw a vertically merged header cell's last line below the
    repeated header rows, inside the first body row of the new page. None when not a repeat."""
    spilled: dict[int, str] = {}
    keys_a = [_row_key(r) for r in header]
    keys_b = [_row_key(r) for r in rows]
    if not any(any(x) for x in keys_a):
        return None
    # a scanned page's repeat reads a little differently from the first copy
    ocr = any(c.confidence is not None for r in rows for c in r)
    if ocr and len(keys_a) <= len(keys_b) and all(
        len(ra) == len(rb) and _alike("|".join(ra), "|".join(rb)) for ra, rb in zip(keys_a, keys_b)
    ):
        return {}
    for ra, rb in zip(keys_a, keys_b):
        if len(ra) != len(rb):
            return None
        for c, (x, y) in enumerate(zip(ra, rb)):
            if x == y or (ocr and _alike(x, y)):
                continue
            if y and x.startswith(y) and c not in spilled:
                spilled[c] = x[len(y):]
            else:
                return None
    return spilled


def _alike(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return bool(a and b) and fuzz.ratio(a.casefold(), b.casefold()) >= 85


def _drop_spilled_header_text(row: list[RawCell], spilled: dict[int, str]) -> None:
    for c, rest in spilled.items():
        if c >= len(row) or not row[c].text:
            continue
        words = row[c].text.split()
        taken = ""
        for i, word in enumerate(words):
            taken += word
            if taken == rest:
                row[c].text = " ".join(words[i + 1:])
                break
            if not rest.startswith(taken):
                break


def _continues(prev: _Logical, frag: _Fragment) -> tuple[int, bool, tuple[int, int] | None]:
    """How many repeated header rows to drop; whether the next row continues a row split by the
    page break; and, when a merge down the first column goes on across the break, its origin."""
    skip = 0
    spilled: dict[int, str] = {}
    for k in range(min(3, len(prev.rows), len(frag.rows) - 1), 0, -1):
        found = _repeats_header(prev.rows[:k], frag.rows[:k])
        if found is not None:
            skip, spilled = k, found
            break
    if spilled and skip < len(frag.rows):
        _drop_spilled_header_text(frag.rows[skip], spilled)
    join = False
    carry = None
    if skip < len(frag.rows):
        first = frag.rows[skip]
        last = prev.rows[-1]
        if not first[0].text and not first[0].is_covered and any(c.text for c in first[1:]):
            in_vertical_merge = last[0].is_covered
            # Inside a merge down column 1 the next page's rows are new rows, unless a column that
            # had text in the previous row is empty here (short cells stay on the first page).
            shorter = any(p.text and not f.text and not p.is_covered for p, f in zip(last[1:], first[1:]))
            join = shorter or not in_vertical_merge
            carry = None if join else last[0].covered_by  # the merge goes on across the break
    return skip, join, carry


def _assemble(results: list[_PageResult], heights: dict[int, float]) -> list[Block]:
    blocks: list[Block] = []
    logical: list[_Logical] = []
    out: list[tuple[str, object]] = []  # ("p", _Para) | ("t", _Logical)
    for res in results:
        for i, (_, item) in enumerate(res.blocks):
            if isinstance(item, _Fragment):
                prev = out[-1][1] if out and out[-1][0] == "t" else None
                if (
                    i == 0
                    and isinstance(prev, _Logical)
                    and prev.last.page == item.page - 1
                    and _same_grid(prev.last, item)
                ):
                    skip, join, carry = _continues(prev, item)
                    if skip or prev.last.bottom > heights[prev.last.page] * _STITCH_BOTTOM:
                        _append_rows(prev, item, skip, join, carry)
                        continue
                lt = _Logical(rows=[], page=item.page, last=item)
                _append_rows(lt, item, 0, False)
                logical.append(lt)
                out.append(("t", lt))
            else:
                out.append(("p", item))
    texts: list[str] = []
    for kind, item in out:
        if kind == "p":
            texts.extend(item.lines)
        else:
            texts.extend(c.text for row in item.rows for c in row)
    vocab = _vocabulary(texts)
    p_index = t_index = 0
    for kind, item in out:
        if kind == "p":
            text = _resolve_breaks(_join_lines(item.lines, " "), vocab)
            if text:
                blocks.append(RawParagraph(index=p_index, text=text, page=item.page, confidence=item.confidence))
                p_index += 1
        else:
            rows = item.rows
            for r, row in enumerate(rows):
                for cell in row:
                    cell.row = r
                    cell.text = _resolve_breaks(cell.text, vocab)
            for row in rows:  # a merge carried across a page break may point at a covered cell
                for cell in row:
                    seen = 0
                    while cell.covered_by is not None and seen < 50:
                        r0, c0 = cell.covered_by
                        origin = rows[r0][c0]
                        if origin.covered_by is None:
                            break
                        cell.covered_by = origin.covered_by
                        seen += 1
            blocks.append(RawTable(index=t_index, rows=item.rows, page=item.page))
            t_index += 1
    return blocks


# --------------------------------------------------------------------------- entry point


def _check_file(path: Path, limits: Limits) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExtractionError(str(path), "file not found") from None
    if size == 0:
        raise EmptyFile(str(path))
    if size > limits.max_file_bytes:
        raise TooLarge(str(path), f"{size} bytes; the limit is {limits.max_file_bytes} bytes")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return
    if not head.strip():
        raise EmptyFile(str(path), "it holds only blank bytes")
    if head.startswith(b"PK\x03\x04"):
        kind = "a ZIP container (DOCX/XLSX?)"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "an old Office (OLE2, .doc/.xls) file"
    elif head.lstrip().startswith((b"<?xml", b"<html", b"<!DOCTYPE", b"{\\rtf")):
        kind = "markup (HTML/XML/RTF)"
    else:
        try:
            head.decode("utf-8")
            kind = "plain text"
        except UnicodeDecodeError:
            kind = "not a PDF"
    raise WrongFormat(str(path), f"it has the extension .pdf but is {kind}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _parse_error(path: Path, e: BaseException, where: str = "") -> ExtractionError:
    inner = e.args[0] if isinstance(e, PdfminerException) and e.args else e
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedFile(str(path), "it needs a password to open")
    msg = f"{type(inner).__name__}: {inner}".strip().rstrip(":")
    return CorruptFile(str(path), (where + ": " if where else "") + msg[:200])


def _page_count(pdf: pdfplumber.PDF) -> int:
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        if isinstance(count, int) and count >= 0:
            return count
    except _PARSE_ERRORS:
        pass
    return len(pdf.pages)


def read_pdf(path: Path, limits: Limits = Limits()) -> RawDocument:
    """Read a PDF into a ``RawDocument``; raise a typed ``ExtractionError`` on bad input."""
    path = Path(path)
    _check_file(path, limits)
    sha = _sha256(path)
    try:
        pdf = pdfplumber.open(path)
    except _PARSE_ERRORS as e:
        raise _parse_error(path, e) from None
    reader = _Reader(path, limits)
    results: list[_PageResult] = []
    heights: dict[int, float] = {}
    scans = _Scans(path, limits)
    try:
        try:
            n = _page_count(pdf)
            if n > limits.max_pages:
                raise TooLarge(str(path), f"{n} pages; the limit is {limits.max_pages}")
            pages = pdf.pages
        except _PARSE_ERRORS as e:
            raise _parse_error(path, e) from None
        if len(pages) > limits.max_pages:
            raise TooLarge(str(path), f"{len(pages)} pages; the limit is {limits.max_pages}")
        for page in pages:
            try:
                page = _readable(pdf, page)
                page.objects  # parse now, so damage surfaces here as a typed error
                result = reader.read_page(page)
                if result.n_chars == 0:
                    result = scans.read(reader, page.page_number) or result
                else:
                    scans.sample(page.chars)
                results.append(result)
            except _PARSE_ERRORS as e:
                raise _parse_error(path, e, f"page {page.page_number}") from None
            finally:
                heights[page.page_number] = float(page.height)
                page.close()
    finally:
        pdf.close()
        scans.close()

    n_pages = len(results)
    empty = [r.number for r in results if r.n_chars == 0]
    if n_pages == 0:
        raise CorruptFile(str(path), "it has no pages")
    if len(empty) == n_pages:
        raise NoTextLayer(str(path), f"none of its {n_pages} pages has text" + scans.why_none())
    doc = RawDocument(path=str(path), format="pdf", sha256=sha, pages=n_pages)
    doc.blocks = _assemble(results, heights)
    doc.header_texts = reader.header_texts
    doc.ocr_pages = {n: c for n, c in scans.confidence.items() if n not in empty}
    if doc.ocr_pages:
        confs = [c for c in doc.ocr_pages.values() if c is not None]
        mean = f", mean confidence {sum(confs) / len(confs):.0f} %" if confs else ""
        doc.warnings.append(f"pages read by OCR (scanned): {_ranges(sorted(doc.ocr_pages))}{mean}")
    if empty:
        doc.warnings.append(f"pages without a text layer (scanned?): {_ranges(empty)}" + scans.why_none())
    cid_pages = [r.number for r in results if r.cid]
    doc.unreadable_glyphs = sum(r.cid for r in results)
    if cid_pages:
        doc.warnings.append(
            f"{doc.unreadable_glyphs} characters without a Unicode mapping ((cid:NN)) on pages "
            f"{_ranges(cid_pages)}: their text cannot be read"
        )
    return doc


class _Scans:
    """The OCR of a PDF's pages without a text layer (``extractors.ocr``), opened at the first one."""

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        self.session = None
        self.text = ""  # a sample of the typed pages' text, to choose the OCR languages from
        self.confidence: dict[int, float | None] = {}
        self.tried = False

    def sample(self, chars: list[dict]) -> None:
        if len(self.text) < 20000:
            self.text += "".join(c["text"] for c in chars[:5000])

    def read(self, reader: "_Reader", number: int) -> _PageResult | None:
        if not self.limits.ocr:
            return None
        from . import ocr

        self.tried = True
        if self.session is None:
            self.session = ocr.OcrSession(self.path, self.limits.ocr_seconds_per_page, ocr.OcrSession.lang_of_text(self.text))
        try:
            page = self.session.read_page(number)
            result = reader.read_ocr_page(page)
        except ocr.OcrBudgetExceeded as e:
            raise OcrTimedOut(
                str(self.path),
                f"{e}: the policy allows {self.limits.ocr_seconds_per_page:g} s per scanned page ([ocr] seconds_per_page)",
            ) from None
        except Exception as e:  # noqa: BLE001 - a fault of the OCR, not damage to the file
            raise ExtractionError(str(self.path), f"OCR failed on page {number}: {type(e).__name__}: {e}") from None
        result.n_chars = len(page.chars) + len(page.cell_chars)
        if result.n_chars:
            self.confidence[number] = page.confidence
        return result

    def why_none(self) -> str:
        if self.tried:
            return " (OCR found no text on them either)"
        if self.limits.ocr is None:
            from . import ocr

            gap = ocr.missing()
            return f"; OCR is not available ({gap}): {ocr.INSTALL_HINT}" if gap else ""
        return ""

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None


def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    start = prev = None
    for n in nums + [None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
