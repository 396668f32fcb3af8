"""pdfplumber's ``Page.process_object`` with its per-attribute cost taken out, same dictionaries.

Turning pdfminer's layout objects into pdfplumber's dictionaries (``page.objects``: one per
character, rule and rectangle) was half of the CPU time of reading the sample PDFs (measured with
cProfile: ``process_object`` 12.7 of 26.7 profiled seconds). Nearly all of it is spent on values
that need no work: pdfplumber passes every attribute of every character (coordinates, size, the
font name, the text matrix) through ``resolve_all``, which tests each value against PDF reference
and container types and rebuilds each tuple, and it decodes the colour-space name of every
character and derives the object's kind from its class name with a regular expression, again for
every character.

``process_object`` here is pdfplumber's, step for step, except that a number, a string, ``None``
or a tuple of them is taken as it is (``resolve_all`` returns an equal value of the same type),
and the colour-space names and kinds are remembered (they are pure functions of a name). The
dictionaries are the same, key for key, value for value and type for type: the pages, their
tables and text, and so every model, are what stock pdfplumber gives
(tests/extractors/test_pdf_objects.py compares ``repr`` of every page's objects over the sample,
test and real corpora).

It is installed on a page (``fast_objects``) only for the pdfplumber versions it was checked
against; any other version reads with pdfplumber's own method, as before.
"""

from __future__ import annotations

import re
import types
from typing import Any
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTItem, LTTextContainer
from pdfplumber.page import ALL_ATTRS, Page, fix_fontname_bytes, lt_pat
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

# The pdfplumber versions whose Page.process_object this one was compared with (the test above).
CHECKED_VERSIONS = frozenset({"0.11.10"})

# Values resolve_all returns unchanged (it only resolves PDF references and rebuilds containers).
_PLAIN = frozenset({float, int, str, bool, type(None)})
_KINDS: dict[type, str] = {}
_SPACE_NAMES: dict[str, Any] = {}


def _resolved(v: Any) -> Any:
    t = type(v)
    if t in _PLAIN:
        return v
    if t is tuple:
        for e in v:
            if type(e) not in _PLAIN:
                return resolve_all(v)
        return v  # resolve_all would build an equal tuple of the same values
    return resolve_all(v)


def _space_name(name: Any) -> Any:
    if type(name) is not str:
        return resolve_and_decode(name)
    decoded = _SPACE_NAMES.get(name)
    if decoded is None:
        decoded = _SPACE_NAMES[name] = resolve_and_decode(name)
    return decoded


def process_object(page: Page, obj: LTItem) -> dict[str, Any]:
    """``pdfplumber.page.Page.process_object`` (0.11.10), with the shortcuts the module names."""
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    attr = {k: v if type(v) in _PLAIN else _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = _space_name(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = page.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(page.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in obj.original_path]  # type: ignore[union-attr]  # as pdfplumber
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def fast_objects(page: Page, version: str = pdfplumber.__version__) -> Page:
    """``page``, its objects to be made by ``process_object`` here when this pdfplumber is one it
    was checked against (pdfplumber's ``parse_objects`` calls ``self.process_object``)."""
    if version in CHECKED_VERSIONS:
        page.process_object = types.MethodType(process_object, page)  # type: ignore[method-assign]
    return page
