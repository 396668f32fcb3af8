"""Tables across pages, and the document's blocks in order.

A table fragment that opens a page with the same column grid as the table that closed the
previous page is stitched onto it: repeated header rows are dropped and a row split by the page
break is joined back. Then the document's words are known, and the line breaks marked while
reading (``repair``) are resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..raw import Block, RawCell, RawParagraph, RawTable
from .cells import Fragment
from .geometry import TOL
from .layout import Para
from .page import PageResult
from .repair import join_lines, resolve_breaks, vocabulary

STITCH_BOTTOM = 0.75  # a table that ends below 75 % of the page may continue on the next
_MAX_MERGE_CHAIN = 50  # hops followed when a carried merge points at a covered cell


@dataclass(slots=True)
class LogicalTable:
    """A table after stitching: its rows from every page it runs over."""

    rows: list[list[RawCell]]
    page: int  # the first page
    last: Fragment  # the fragment on its last page so far


@dataclass(frozen=True, slots=True)
class Continuation:
    """How a fragment goes on from the table above the page break."""

    skip: int  # repeated header rows to drop
    join: bool  # its first row continues the table's last row (a row split by the break)
    carry: tuple[int, int] | None  # origin of a merge down the first column that goes on


def same_grid(a: Fragment, b: Fragment) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= TOL for x, y in zip(a.xs, b.xs))


def row_key(row: list[RawCell]) -> list[str]:
    return ["".join(c.text.split()) for c in row]


def _join_split_row(table: LogicalTable, first: list[RawCell]) -> None:
    """The cells of a row split by the page break joined onto the table's last row."""
    prev = table.rows[-1]
    for c, cell in enumerate(first):
        if c < len(prev) and cell.text:
            target = prev[c]
            if target.is_covered:
                r0, c0 = target.covered_by
                target = table.rows[r0][c0]
            target.text = join_lines([target.text, cell.text], "\n")
            if cell.confidence is not None:
                target.confidence = min(cell.confidence, target.confidence or 100.0)


def append_rows(table: LogicalTable, frag: Fragment, how: Continuation = Continuation(0, False, None)) -> None:
    """Append ``frag.rows[skip:]`` to ``table``. Rows before ``skip`` (a repeated header) are
    dropped; when ``join``, row ``skip`` continues the table's last row (a row split by the
    page break) and its cell texts are joined onto that row's cells."""
    skip, join_first, carry = how.skip, how.join, how.carry
    n_before = len(table.rows)

    def new_index(r: int) -> int | None:
        if r < skip:
            return None
        if join_first:
            return n_before - 1 + (r - skip)
        return n_before + (r - skip)

    rows = frag.rows[skip:]
    if join_first and rows:
        _join_split_row(table, rows[0])
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


def _alike(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return bool(a and b) and fuzz.ratio(a.casefold(), b.casefold()) >= 85


def repeats_header(header: list[list[RawCell]], rows: list[list[RawCell]]) -> dict[int, str] | None:
    """Do ``rows`` repeat ``header``? Returns, per column, header text that spilled out of the
    repeated copy: LibreOffice can draw a vertically merged header cell's last line below the
    repeated header rows, inside the first body row of the new page. None when not a repeat."""
    keys_a = [row_key(r) for r in header]
    keys_b = [row_key(r) for r in rows]
    if not any(any(x) for x in keys_a):
        return None
    # a scanned page's repeat reads a little differently from the first copy
    ocr = any(c.confidence is not None for r in rows for c in r)
    if ocr and _reads_alike(keys_a, keys_b):
        return {}
    return _spilled_text(keys_a, keys_b, ocr)


def _reads_alike(keys_a: list[list[str]], keys_b: list[list[str]]) -> bool:
    return len(keys_a) <= len(keys_b) and all(
        len(ra) == len(rb) and _alike("|".join(ra), "|".join(rb)) for ra, rb in zip(keys_a, keys_b)
    )


def _spilled_text(keys_a: list[list[str]], keys_b: list[list[str]], ocr: bool) -> dict[int, str] | None:
    """Per column, what the header cell has beyond the repeated copy's; None when they differ."""
    spilled: dict[int, str] = {}
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


def drop_spilled_header_text(row: list[RawCell], spilled: dict[int, str]) -> None:
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


def _repeated_header_rows(prev: LogicalTable, frag: Fragment) -> int:
    """How many of the table's first rows ``frag`` repeats (their spilled text dropped)."""
    for k in range(min(3, len(prev.rows), len(frag.rows) - 1), 0, -1):
        spilled = repeats_header(prev.rows[:k], frag.rows[:k])
        if spilled is not None:
            if spilled and k < len(frag.rows):
                drop_spilled_header_text(frag.rows[k], spilled)
            return k
    return 0


def continues(prev: LogicalTable, frag: Fragment) -> Continuation:
    """How many repeated header rows to drop; whether the next row continues a row split by the
    page break; and, when a merge down the first column goes on across the break, its origin."""
    skip = _repeated_header_rows(prev, frag)
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
    return Continuation(skip, join, carry)


def _continuation(prev: LogicalTable | None, frag: Fragment, heights: dict[int, float]) -> Continuation | None:
    """How ``frag``, opening its page, continues ``prev`` (the table that closed the page
    before); None when it starts a table of its own."""
    if prev is None or prev.last.page != frag.page - 1 or not same_grid(prev.last, frag):
        return None
    how = continues(prev, frag)
    if how.skip or prev.last.bottom > heights[prev.last.page] * STITCH_BOTTOM:
        return how
    return None


def stitch(results: list[PageResult], heights: dict[int, float]) -> list[Para | LogicalTable]:
    """The pages' blocks in order, each table fragment stitched onto the one it continues."""
    out: list[Para | LogicalTable] = []
    for res in results:
        for i, item in enumerate(res.blocks):
            if isinstance(item, Para):
                out.append(item)
                continue
            prev = out[-1] if out and isinstance(out[-1], LogicalTable) else None
            how = _continuation(prev, item, heights) if i == 0 else None
            if how is not None:
                append_rows(prev, item, how)
                continue
            table = LogicalTable(rows=[], page=item.page, last=item)
            append_rows(table, item)
            out.append(table)
    return out


def _resolve_merge_chains(rows: list[list[RawCell]]) -> None:
    """A merge carried across a page break may point at a covered cell: point it at the origin."""
    for row in rows:
        for cell in row:
            seen = 0
            while cell.covered_by is not None and seen < _MAX_MERGE_CHAIN:
                r0, c0 = cell.covered_by
                origin = rows[r0][c0]
                if origin.covered_by is None:
                    break
                cell.covered_by = origin.covered_by
                seen += 1


def assemble(results: list[PageResult], heights: dict[int, float]) -> list[Block]:
    """The document's blocks: tables stitched across pages, line breaks resolved against the
    document's words, paragraphs and tables numbered in order."""
    items = stitch(results, heights)
    texts: list[str] = []
    for item in items:
        if isinstance(item, Para):
            texts.extend(item.lines)
        else:
            texts.extend(c.text for row in item.rows for c in row)
    vocab = vocabulary(texts)
    blocks: list[Block] = []
    p_index = t_index = 0
    for item in items:
        if isinstance(item, Para):
            text = resolve_breaks(join_lines(item.lines, " "), vocab)
            if text:
                blocks.append(RawParagraph(index=p_index, text=text, page=item.page, confidence=item.confidence))
                p_index += 1
            continue
        for r, row in enumerate(item.rows):
            for cell in row:
                cell.row = r
                cell.text = resolve_breaks(cell.text, vocab)
        _resolve_merge_chains(item.rows)
        blocks.append(RawTable(index=t_index, rows=item.rows, page=item.page))
        t_index += 1
    return blocks
