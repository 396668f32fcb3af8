"""OCR of scanned PDF pages (Tesseract through tesserocr; OpenCV finds the ruled tables).

A page without a text layer is rendered (pypdfium2) at ``RENDER_DPI``, straightened (the skew
angle that makes the rows of ink sharpest), and split into ruled tables and free text:

* **Tables** are found from their ruling lines: long horizontal and vertical strokes (a
  morphological opening), kept only where they meet (a letter's stem touches no ruling line).
  Each white region the lines enclose is a cell, so a merged cell is one region; cell edges are
  snapped to the line they share, so neighbouring cells agree on it. Each cell is recognised on
  its own; a short one-line cell gets a digits-first pass (digits only, one line) that is kept
  when it is sure and accounts for every mark of ink in the cell.
* **Free text** is the rest of the page, tables painted out, recognised as a page.

What comes out is what the PDF reader would see in a text layer: characters with positions and
cell rectangles in PDF points, so ``pdf_reader`` puts the page together (page header, paragraphs,
merged cells, tables stitched across pages) exactly as for a typed page. Every cell and line
carries its Tesseract confidence (0-100), which reaches the ``Source`` of each value read from it.

The language models are chosen from the document: a text layer elsewhere in the file, or a quick
pass over the first scanned page (Kazakh letters -> kaz+rus; Cyrillic -> rus+kaz; Latin -> eng).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

RENDER_DPI = 300
SCALE = RENDER_DPI / 72.0
LANGS = ("kaz", "rus", "eng")
INSTALL_HINT = (
    "to read scanned pages install Tesseract with its Kazakh, Russian and English models "
    "(apt-get install tesseract-ocr tesseract-ocr-kaz tesseract-ocr-rus tesseract-ocr-eng) "
    "and the OCR extra (pip install 'syllabus-audit[ocr]')"
)
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Latin letters Tesseract sometimes gives inside a Cyrillic word; Latin i is the Kazakh і.
_TO_CYRILLIC = str.maketrans("aceopxyiAaBCEHKMOPTXIkh", "асеорхуіАаВСЕНКМОРТХІкһ")
_CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_LAT = re.compile(r"[A-Za-z]")
_NUMERIC = re.compile(r"^[\d\s.,%/()+\-–—]*\d[\d\s.,%/()+\-–—]*$")
_DIGITS_WHITELIST = "0123456789.,-%/()"


# --------------------------------------------------------------------------- availability


def tessdata_dir() -> str | None:
    """A folder holding the kaz, rus and eng models, or None."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = ([env, str(Path(env) / "tessdata")] if env else []) + list(_TESSDATA_DIRS)
    for c in candidates:
        if c and all((Path(c) / f"{lang}.traineddata").is_file() for lang in LANGS):
            return c
    return None


@functools.lru_cache(maxsize=1)
def engine() -> str | None:
    """The OCR engine this machine reads scans with ('tesseract 5.5.4 kaz+rus+eng'), or None
    when a piece is missing (see ``missing``)."""
    return None if missing() else _signature()


def _signature() -> str:
    import tesserocr

    version = tesserocr.tesseract_version().split()[1]
    return f"tesseract {version} {'+'.join(LANGS)}"


def missing() -> str:
    """What is missing for OCR, in words; '' when nothing is."""
    # OpenCV, NumPy and pypdfium2 are looked up, not imported: importing the first two took
    # 0.3-0.5 s, which every command paid (the extraction limits ask for the engine), scans or
    # not. One installed but broken fails when a scan is read: "OCR failed on page N: ...".
    for name in ("cv2", "numpy", "pypdfium2"):
        if importlib.util.find_spec(name) is None:
            return f"the Python package {name!r} is not installed"
    try:
        import tesserocr  # noqa: F401  (imported anyway, for its version: 30-40 ms)
    except ImportError as e:
        return f"the Python package {e.name!r} is not installed"
    if tessdata_dir() is None:
        return "the Tesseract language models (kaz, rus, eng) were not found"
    return ""


# --------------------------------------------------------------------------- results


@dataclass
class OcrPage:
    """One scanned page as the PDF reader needs it, in PDF points."""

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)  # free text (outside the tables)
    tables: list[SimpleNamespace] = field(default_factory=list)  # .cells, .bbox, .page.chars
    cell_chars: list[dict] = field(default_factory=list)  # the characters read in cells
    cell_conf: dict[tuple, float] = field(default_factory=dict)  # cell bbox -> confidence
    line_conf: dict[str, float] = field(default_factory=dict)  # free-text line -> confidence
    words: int = 0
    conf_sum: float = 0.0
    seconds: float = 0.0
    angle: float = 0.0

    @property
    def confidence(self) -> float | None:
        return round(self.conf_sum / self.words, 1) if self.words else None


class OcrBudgetExceeded(Exception):
    def __init__(self, pages: int, seconds: float, budget: float):
        self.pages, self.seconds, self.budget = pages, seconds, budget
        super().__init__(f"OCR of {pages} scanned pages took {seconds:.0f} s, over the budget of {budget:.0f} s")


# --------------------------------------------------------------------------- image work


def _render(pdf, number: int):
    import numpy as np

    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        img = page.render(scale=SCALE, grayscale=True).to_numpy()
    finally:
        page.close()
    if img.ndim == 3:
        img = img[:, :, 0]
    return np.ascontiguousarray(img), float(width), float(height)


def _binary(gray):
    import cv2

    smooth = cv2.medianBlur(gray, 3)
    thr, _ = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # Otsu splits any picture in two, a blank sheet's noise too: ink is darker than light grey
    _, ink = cv2.threshold(smooth, min(thr, 180), 255, cv2.THRESH_BINARY_INV)
    return smooth, ink


def _rotate(img, angle: float, border: int):
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _skew(ink) -> float:
    """The rotation (degrees, within ±3) that makes the rows of ink sharpest."""
    import cv2
    import numpy as np

    small = cv2.resize(ink, (ink.shape[1] // 4, ink.shape[0] // 4), interpolation=cv2.INTER_AREA).astype(np.float32)
    if small.sum() < 255 * 50:
        return 0.0

    def score(a: float) -> float:
        s = _rotate(small, a, 0).sum(axis=1)
        return float(((s[1:] - s[:-1]) ** 2).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    return float(round(best, 2))


def _ruling(ink):
    """(horizontal, vertical) masks of ruling lines."""
    import cv2
    import numpy as np

    _, w = ink.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(60, w // 30), 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 40)))
    horiz = cv2.dilate(horiz, np.ones((3, 3), np.uint8))
    near_h = cv2.dilate(horiz, np.ones((9, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    keep = np.zeros(n, bool)
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bh < 30 or bh < 4 * bw:
            continue
        touches = near_h[y: y + 4, x: x + bw].any() or near_h[y + bh - 4: y + bh, x: x + bw].any()
        keep[i] = touches
    vert = np.where(keep[labels], 255, 0).astype(np.uint8)
    vert = cv2.dilate(vert, np.ones((3, 3), np.uint8))
    # a horizontal line is a ruling line when it meets a vertical one (else: an underline,
    # "______" in a signature line; it stays text)
    near_v = cv2.dilate(vert, np.ones((3, 9), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    keep = np.zeros(n, bool)
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        keep[i] = bool(near_v[y: y + bh, x: x + bw].any())
    horiz = np.where(keep[labels], 255, 0).astype(np.uint8)
    return horiz, vert


def _despeckle(ink, min_area: int = 12):
    """Ink without the specks of scanner noise (marks smaller than a full stop)."""
    import cv2
    import numpy as np

    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_area
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _snap(values: list[int], tol: int) -> dict[int, float]:
    out: dict[int, float] = {}
    group: list[int] = []
    for v in sorted(set(values)) + [None]:
        if v is not None and group and v - group[-1] <= tol:
            group.append(v)
            continue
        if group:
            mean = sum(group) / len(group)
            out.update({g: mean for g in group})
        group = [v] if v is not None else []
    return out


def _tables(grid) -> list[list[tuple[int, int, int, int]]]:
    """Cells (x0, y0, x1, y1 in pixels, edges on the ruling lines) of each ruled table."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    tables = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < 150 or bh < 40:
            continue
        mask = (labels[y: y + bh, x: x + bw] == i).astype(np.uint8) * 255
        free = cv2.bitwise_not(mask)
        m, _, cstats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
        cells = []
        for j in range(1, m):
            cx, cy, cw, ch, _ = cstats[j]
            if cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh:
                continue  # outside the table's outline
            if cw < 10 or ch < 10:
                continue
            cells.append((x + cx - 1, y + cy - 1, x + cx + cw, y + cy + ch))
        if len(cells) < 2:
            continue
        xs = _snap([c[0] for c in cells] + [c[2] for c in cells], 14)
        ys = _snap([c[1] for c in cells] + [c[3] for c in cells], 14)
        cells = [(xs[c[0]], ys[c[1]], xs[c[2]], ys[c[3]]) for c in cells]
        tables.append(sorted(cells, key=lambda c: (c[1], c[0])))
    tables.sort(key=lambda t: t[0][1])
    return tables


# --------------------------------------------------------------------------- the engine


def _fix_word(word: str, latin: bool) -> str:
    if latin:
        return word
    if _CYR.search(word):
        if _LAT.search(word):
            word = word.translate(_TO_CYRILLIC)
        word = word.replace("|", "І")
        if sum(ch.isdigit() for ch in word) == word.count("3"):
            word = _THREE.sub("З", word)
    word = _ECTS.sub("ECTS", word)
    word = _TIMES.sub("·", word)  # "0,6-(P1" / "0,4:Э": the multiplication dot of a formula
    digits = sum(ch.isdigit() for ch in word)
    if _CODE.match(word) and digits >= 2 and len(word) - digits >= (1 if digits >= 3 else 2):
        word = word.translate(_TO_LATIN)  # a code: "6В07204" is 6B07204, "РО10" PO10
    elif not _CYR.search(word) and _LOOKALIKE.match(word):
        word = word.translate(_TO_CYRILLIC)  # "OKy" in Cyrillic text is a Cyrillic word
    return word


class OcrSession:
    """Reads the scanned pages of one PDF, within a time budget of pages × seconds per page."""

    def __init__(self, path: Path, seconds_per_page: float, lang_hint: str | None = None):
        import pypdfium2 as pdfium

        self.path = Path(path)
        self.seconds_per_page = seconds_per_page
        self.pdf = pdfium.PdfDocument(str(path))
        self.lang: str | None = lang_hint
        self._apis: dict[tuple[str, int], object] = {}
        self.pages_done = 0
        self.seconds = 0.0

    def close(self) -> None:
        for api in self._apis.values():
            api.End()
        self._apis.clear()
        self.pdf.close()

    def _api(self, lang: str, psm: int, digits: bool = False):
        import tesserocr

        key = (lang + (":digits" if digits else ""), psm)
        api = self._apis.get(key)
        if api is None:
            api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, psm=psm, oem=tesserocr.OEM.LSTM_ONLY)
            api.SetVariable("user_defined_dpi", str(RENDER_DPI))
            if digits:
                api.SetVariable("tessedit_char_whitelist", _DIGITS_WHITELIST)
                api.SetVariable("load_system_dawg", "0")
                api.SetVariable("load_freq_dawg", "0")
            self._apis[key] = api
        return api

    @staticmethod
    def lang_of_text(text: str) -> str | None:
        cyr = len(_CYR.findall(text))
        lat = len(_LAT.findall(text))
        if cyr + lat < 40:
            return None
        if lat > cyr:
            return "eng+rus"
        kk = sum(1 for ch in text if ch in _KK_LETTERS)
        # eng last: codes (GMRK3301), letter grades (A-, B+) and Latin P1/P2 in Cyrillic text
        return "kaz+rus+eng" if kk >= 0.02 * cyr else "rus+kaz+eng"

    def _detect_lang(self, pil) -> str:
        import tesserocr

        api = self._api("kaz+eng", tesserocr.PSM.AUTO)
        small = pil.resize((pil.width // 2, pil.height // 2))
        api.SetImage(small)
        return self.lang_of_text(api.GetUTF8Text()) or "kaz+rus+eng"

    # ------------------------------------------------------------------ one page

    def read_page(self, number: int) -> OcrPage:
        import cv2
        import numpy as np
        import tesserocr
        from PIL import Image

        if self.pages_done and self.seconds > self.pages_done * self.seconds_per_page:
            raise OcrBudgetExceeded(self.pages_done, self.seconds, self.pages_done * self.seconds_per_page)
        t0 = time.perf_counter()
        gray, width, height = _render(self.pdf, number)
        out = OcrPage(number=number, width=width, height=height)
        _, ink = _binary(gray)
        out.angle = _skew(ink)
        if out.angle:
            gray = _rotate(gray, out.angle, 255)
        smooth, ink = _binary(gray)
        horiz, vert = _ruling(ink)
        grid = cv2.bitwise_or(horiz, vert)
        tables = _tables(grid)
        clean = smooth.copy()
        clean[cv2.dilate(grid, np.ones((3, 3), np.uint8)) > 0] = 255
        ink_clean = ink.copy()
        ink_clean[clean == 255] = 0
        kept = _despeckle(ink_clean)
        clean[(ink_clean > 0) & (kept == 0)] = 255  # specks of noise: paper
        ink_clean = kept
        pil = Image.fromarray(clean)
        latin = (self.lang or "").startswith("eng")
        if ink_clean.sum() < 255 * 200:  # a blank page (noise only)
            self._finish(out, t0)
            return out
        if self.lang is None:
            self.lang = self._detect_lang(pil)
            latin = self.lang.startswith("eng")

        # free text: the page with its tables painted out
        text_img = clean.copy()
        for cells in tables:
            x0 = int(min(c[0] for c in cells)) - 4
            y0 = int(min(c[1] for c in cells)) - 4
            x1 = int(max(c[2] for c in cells)) + 4
            y1 = int(max(c[3] for c in cells)) + 4
            text_img[max(0, y0): y1, max(0, x0): x1] = 255
        api = self._api(self.lang, tesserocr.PSM.AUTO)
        api.SetImage(Image.fromarray(text_img))
        api.Recognize()
        free_lines = _lines(api, latin, ink_clean)
        _add_underscores(free_lines, ink_clean, tables)
        for line in free_lines:
            out.chars.extend(_chars(line, number))
            out.line_conf[" ".join(w[0] for w in line["words"])] = line["conf"]
            out.words += len(line["words"])
            out.conf_sum += sum(w[3] for w in line["words"])

        # tables: every cell on its own
        cell_api = self._api(self.lang, tesserocr.PSM.SINGLE_BLOCK)
        cell_api.SetImage(pil)
        digit_api = line_api = raw_pil = None
        for cells in tables:
            pts = []
            for c in cells:
                bbox = (round(c[0] / SCALE, 2), round(c[1] / SCALE, 2), round(c[2] / SCALE, 2), round(c[3] / SCALE, 2))
                pts.append(bbox)
                x0, y0, x1, y1 = int(c[0]) + 3, int(c[1]) + 3, int(c[2]) - 2, int(c[3]) - 2
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                region = ink_clean[y0:y1, x0:x1]
                if region.sum() < 255 * 25:
                    out.cell_conf[bbox] = 100.0  # no ink: surely empty
                    continue
                lines = number = None
                ys, xs = np.nonzero(region)
                ink_h, ink_w = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
                if ink_h < 70 and ink_w < 350:  # one short line: digits first
                    if digit_api is None:
                        digit_api = self._api("eng", tesserocr.PSM.SINGLE_LINE, digits=True)
                        digit_api.SetImage(pil)
                    lines = _digits_first(digit_api, region, (x0, y0, x1 - x0, y1 - y0))
                    number = lines
                    if lines is not None and lines[0]["conf"] < 85:
                        lines = None  # not sure enough alone: read it as text, keep this in reserve
                if lines is None and ink_h < 70:  # one line: read as one, cropped to its ink
                    if line_api is None:
                        line_api = self._api(self.lang, tesserocr.PSM.SINGLE_LINE)
                        line_api.SetImage(pil)
                    lx0, ly0 = max(x0, x0 + int(xs.min()) - 12), max(y0, y0 + int(ys.min()) - 12)
                    lx1, ly1 = min(x1, x0 + int(xs.max()) + 13), min(y1, y0 + int(ys.max()) + 13)
                    line_api.SetRectangle(lx0, ly0, lx1 - lx0, ly1 - ly0)
                    line_api.Recognize()
                    lines = _lines(line_api, latin, ink_clean) or None
                    if lines and not latin and _short_code(lines):  # "B+", "FX": Latin grades
                        eng = self._api("eng", tesserocr.PSM.SINGLE_LINE)
                        if raw_pil is None:  # unsmoothed: the median filter thins "+" to "t"
                            raw_pil = Image.fromarray(gray)
                            eng.SetImage(raw_pil)
                        eng.SetRectangle(lx0, ly0, lx1 - lx0, ly1 - ly0)
                        eng.Recognize()
                        alt = _lines(eng, True)
                        if alt and _short_code(alt) and alt[0]["conf"] > lines[0]["conf"] - 5:
                            lines = alt
                if lines is None:
                    cell_api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
                    cell_api.Recognize()
                    lines = _lines(cell_api, latin, ink_clean)
                if number is not None and lines is not number:
                    text = "".join(w[0] for ln in lines for w in ln["words"])
                    if not any(ch.isdigit() for ch in text) and len(text) <= 2:
                        lines = number  # "9" read as "а" by the language models
                if not latin and _short_code(lines):
                    lines = _grade(lines, region)
                words = [w for ln in lines for w in ln["words"]]
                for line in lines:
                    out.cell_chars.extend(_chars(line, number))
                out.words += len(words)
                out.conf_sum += sum(w[3] for w in words)
                n = sum(len(w[0]) for w in words)
                out.cell_conf[bbox] = round(sum(w[3] * len(w[0]) for w in words) / n, 1) if n else 0.0
            out.tables.append(
                SimpleNamespace(
                    cells=pts,
                    bbox=(min(p[0] for p in pts), min(p[1] for p in pts), max(p[2] for p in pts), max(p[3] for p in pts)),
                    page=None,
                )
            )
        self._finish(out, t0)
        return out

    def _finish(self, out: OcrPage, t0: float) -> None:
        out.seconds = time.perf_counter() - t0
        self.seconds += out.seconds
        self.pages_done += 1


_REF = set("авгежзиклмнопстхчшыьэюяacemnorsuvwxz")  # letters of x-height, no ascender
_CASE_FIX = dict(zip("ӘӨҮҰҚҒҢәөүұқғң", "әөүұқғңӘӨҮҰҚҒҢ"))  # Kazakh letters whose case Tesseract confuses
_CYR_LETTER = "А-ЯЁӘІҢҒҮҰҚӨҺа-яёәіңғүұқөһ"
_THREE = re.compile(rf"(?<=[{_CYR_LETTER}.])3(?=[{_CYR_LETTER}.])|(?<=[{_CYR_LETTER}])3|3(?=[{_CYR_LETTER}])")
_CODE = re.compile(r"^[\dАВСЕНКМОРТХ]+$")
_TO_LATIN = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
_ECTS = re.compile(r"^[EЕ][CС][TТ][SЅ5$]")
_LOOKALIKE = re.compile(r"^[aceopxyiAaBCEHKMOPTX]{2,}[.,:;]?$")
_TIMES = re.compile(r"(?<=\d[,.]\d)[-:.•*](?=\(|[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]\b)")
_STRAY = set("‚,'`|‘’¦_~")
X_HEIGHT = 0.5  # x-height of the ink of syllabus faces (Times, Liberation Serif), in em, as measured


def _lines(api, latin: bool, ink=None) -> list[dict]:
    """Recognised lines: {'box': (x0, y0, x1, y1) px, 'size': pt, 'conf', 'words': [(text, x0, x1, conf)]}.

    The case of a Kazakh letter (Ә/ә, Қ/қ, Ү/ү, ...), which the models often get wrong, is
    decided again: inside a word after a lower-case letter it is lower case; opening a word, by
    the height of its ink (``ink``, the page's ink mask) above the baseline against the line's
    x-height."""
    import tesserocr

    RIL = tesserocr.RIL
    it = api.GetIterator()
    lines: list[dict] = []
    if it is None:
        return lines
    while True:
        if it.Empty(RIL.WORD):
            if not it.Next(RIL.WORD):
                break
            continue
        if it.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
            box = it.BoundingBox(RIL.TEXTLINE)
            xh = base = None
            try:
                row = it.RowAttributes()
                xh = float(row["row_height"]) - float(row["ascenders"]) + float(row["descenders"])
                (bx0, by0), (bx1, by1) = it.Baseline(RIL.TEXTLINE)
                base = (bx0, by0, bx1, by1)
            except Exception:  # no row attributes for this line
                pass
            size = xh / X_HEIGHT / SCALE if xh and xh > 4 else (box[3] - box[1]) / SCALE * 0.75
            lines.append({"box": box, "size": round(size * 2) / 2, "words": [], "xh": xh, "base": base})
        text = (it.GetUTF8Text(RIL.WORD) or "").strip()
        conf = float(it.Confidence(RIL.WORD))
        bx = it.BoundingBox(RIL.WORD)
        if text and bx and (conf >= 20 or (len(text) > 3 and any(ch.isalpha() for ch in text))):
            ln = lines[-1]
            text = _fix_case(text, bx, ln, ink)
            text = _fix_word(text, latin)
            keep = text and not all(ch in _STRAY for ch in text)
            if keep and len(text) == 1 and conf < 50 and not text.isdigit():
                keep = False
            if keep and text == "6." and ln["words"] and not latin and (ln["words"][-1][0] == "т." or ln["words"][-1][0].isdigit()):
                text = "б."  # "т. б.", "128 б." (бет): the Cyrillic letter, not a numbered item
            if keep:
                ln["words"].append((text, bx[0], bx[2], conf))
        if not it.Next(RIL.WORD):
            break
    lines = [ln for ln in lines if ln["words"]]
    for ln in lines:
        ln["conf"] = round(sum(w[3] for w in ln["words"]) / len(ln["words"]), 1)
        del ln["xh"], ln["base"]
    return lines


def _short_code(lines: list[dict]) -> bool:
    text = "".join(w[0] for ln in lines for w in ln["words"])
    return len(lines) == 1 and 0 < len(text) <= 3 and bool(re.fullmatch(r"[A-FXАВСЕХ][+\-]?|[A-FXАВСЕХ]{2}", text))


def _grade(lines: list[dict], region) -> list[dict]:
    """A letter grade read in a one-line cell: its sign decided by the ink (a "+" is as tall as
    it is wide, a "-" flat), and E/ЕХ, which are no grades, read as F/FX."""
    import cv2

    (text, x0, x1, conf), = lines[0]["words"] if len(lines[0]["words"]) == 1 else [(None, 0, 0, 0)]
    if text is None:
        return lines
    if text[-1] in "+-":
        n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        marks = [stats[i] for i in range(1, n) if stats[i][4] >= 12]
        if len(marks) >= 2:
            last = max(marks, key=lambda st: st[0])
            text = text[:-1] + ("+" if last[3] > 0.6 * last[2] else "-")
    text = {"Е": "F", "E": "F", "ЕХ": "FX", "EX": "FX"}.get(text, text)
    text = text.translate(_TO_LATIN)
    return [{**lines[0], "words": [(text, x0, x1, conf)]}]


def _add_underscores(lines: list[dict], ink, tables) -> None:
    """Blanks left to fill in ("_____ 2022 ж."): Tesseract reads no text in a rule drawn with
    underscores, so each short horizontal stroke outside the tables becomes underscores on its
    line (an underscore is half an em wide)."""
    import cv2
    import numpy as np

    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (40, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    boxes = [
        (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        for cells in tables
    ]
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if h > 10 or w < 60:
            continue
        cx, cy = x + w / 2, y + h / 2
        if any(b[0] - 6 <= cx <= b[2] + 6 and b[1] - 6 <= cy <= b[3] + 6 for b in boxes):
            continue
        line = next((ln for ln in lines if ln["box"][1] - 4 <= cy <= ln["box"][3] + 10), None)
        if line is not None and any(wd[1] - 4 <= cx <= wd[2] + 4 for wd in line["words"]):
            continue  # a stroke of a letter (the foot of a bold Д), not a blank
        if line is None:
            line = {"box": (x, y - 40, x + w, y + h), "size": 12.0, "words": [], "conf": 90.0}
            lines.append(line)
        count = max(1, round(w / SCALE / (0.5 * line["size"])))
        line["words"].append(("_" * count, x, x + w, 90.0))
        line["words"].sort(key=lambda wd: wd[1])
    lines.sort(key=lambda ln: ln["box"][1])
    del np


def _fix_case(text: str, box, line: dict, ink) -> str:
    if not any(ch in _CASE_FIX for ch in text):
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if i and ch in _CASE_FIX and ch.isupper() and chars[i - 1].islower():
            chars[i] = ch.lower()
        elif i and ch in _CASE_FIX and ch.isupper() and any(c.islower() for c in chars[i + 1:]):
            chars[i] = ch.lower()  # "ПӘн": a capital inside a word in lower case
    first = chars[0]
    if first in _CASE_FIX and ink is not None and line["xh"] and line["base"] and len(chars) > 1:
        xh = line["xh"]
        bx0, by0, bx1, by1 = line["base"]
        x0 = box[0]
        base = by0 + (by1 - by0) * ((x0 - bx0) / (bx1 - bx0) if bx1 != bx0 else 0)
        top = max(0, int(base - 1.7 * xh))
        cols = ink[top: int(base) + 1, x0: x0 + max(2, int(0.35 * xh))]
        rows = cols.any(axis=1).nonzero()[0]
        if len(rows):
            tall = base - (top + rows[0]) > 1.2 * xh  # cap height is about 1.45 x-heights
            rest_upper = all(not c.islower() for c in chars[1:])
            if tall != first.isupper() and not (rest_upper and not tall and len(chars) > 2):
                chars[0] = _CASE_FIX[first]
    return "".join(chars)


def _digits_first(api, region, rect) -> list[dict] | None:
    """A number read digits-only, when the reading is sure and each mark of ink is a character of
    it (a letter read as a digit leaves a mark unaccounted for, or lowers the confidence)."""
    import cv2
    import tesserocr

    api.SetRectangle(*rect)
    api.Recognize()
    lines = _lines(api, True)
    text = "".join(w[0] for ln in lines for w in ln["words"])
    if not lines or not _NUMERIC.match(text) or min(w[3] for ln in lines for w in ln["words"]) < 60:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    marks = sum(1 for i in range(1, n) if stats[i][4] >= 12)
    chars = len(text.replace(" ", ""))
    if not chars - 1 <= marks <= chars + 1:
        return None
    del tesserocr
    return lines


def _chars(line: dict, page_no: int) -> list[dict]:
    """A recognised line as pdfplumber-like characters (each word's box shared evenly by its
    letters, a space between words), all on the line's band."""
    top = line["box"][1] / SCALE
    bottom = line["box"][3] / SCALE
    size = line["size"]
    out: list[dict] = []

    def char(text: str, x0: float, x1: float) -> dict:
        return {
            "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "height": bottom - top, "width": x1 - x0, "size": size, "upright": True,
            "matrix": (1, 0, 0, 1, x0, bottom), "fontname": "OCR", "object_type": "char",
            "page_number": page_no,
        }

    prev_x1 = None
    for text, wx0, wx1, _ in line["words"]:
        x0, x1 = wx0 / SCALE, wx1 / SCALE
        if prev_x1 is not None:
            out.append(char(" ", prev_x1, max(prev_x1, x0)))
        step = (x1 - x0) / max(1, len(text))
        for i, ch in enumerate(text):
            out.append(char(ch, x0 + i * step, x0 + (i + 1) * step))
        prev_x1 = x1
    return out


# --------------------------------------------------------------------------- provenance


def mark_sources(syllabus, raw) -> None:
    """Every ``Source`` on a page read by OCR says so, with the confidence of the cell or
    paragraph it was read from (the page's when it names neither)."""
    from pydantic import BaseModel

    from .model import Source
    from .raw import RawParagraph, RawTable

    if not raw.ocr_pages:
        return
    tables = [b for b in raw.blocks if isinstance(b, RawTable)]
    paragraphs = {b.index: b for b in raw.blocks if isinstance(b, RawParagraph)}
    seen: set[int] = set()

    def confidence(src: Source) -> tuple[bool, float | None]:
        if src.table is not None and src.table < len(tables):
            rows = tables[src.table].rows
            if src.row is not None and src.row < len(rows):
                row = rows[src.row]
                cells = [row[src.column]] if src.column is not None and src.column < len(row) else row
                cells = [rows[c.covered_by[0]][c.covered_by[1]] if c.is_covered else c for c in cells]
                confs = [c.confidence for c in cells if c.confidence is not None]
                if confs:
                    return True, min(confs)
                if any(c.page in raw.ocr_pages for c in cells):
                    return True, raw.ocr_pages.get(cells[0].page)
                return False, None
        if src.paragraph is not None and src.paragraph in paragraphs:
            p = paragraphs[src.paragraph]
            if p.confidence is not None:
                return True, p.confidence
            return (p.page in raw.ocr_pages), raw.ocr_pages.get(p.page)
        if src.page in raw.ocr_pages:
            return True, raw.ocr_pages[src.page]
        return False, None

    def walk(obj) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, Source):
            ocr, conf = confidence(obj)
            if ocr:
                obj.ocr, obj.confidence = True, conf
            return
        if isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                walk(getattr(obj, name))
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v)

    walk(syllabus)
