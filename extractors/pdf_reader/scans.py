"""Pages without usable text read by OCR (``extractors.ocr``), the session opened at the first."""

from __future__ import annotations

from pathlib import Path

from ..errors import ExtractionError, OcrTimedOut
from ..limits import Limits
from .geometry import Char
from .page import PageReader, PageResult

_SAMPLE_CHARS = 20000  # of the typed pages' text, enough to choose the OCR languages from


class Scans:
    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        self.session = None
        self.text = ""  # a sample of the typed pages' text, to choose the OCR languages from
        self.confidence: dict[int, float | None] = {}
        self.tried = False

    def sample(self, chars: list[Char]) -> None:
        if len(self.text) < _SAMPLE_CHARS:
            self.text += "".join(c["text"] for c in chars[:5000])

    def read(self, reader: PageReader, number: int) -> PageResult | None:
        """Page ``number`` read by OCR; None when the policy or the machine reads no scans."""
        if not self.limits.ocr:
            return None
        from .. import ocr

        self.tried = True
        try:
            if self.session is None:
                self.session = ocr.OcrSession(self.path, self.limits.ocr_seconds_per_page, ocr.OcrSession.lang_of_text(self.text))
            page = self.session.read_page(number)
            result = reader.read_ocr_page(page)
        except ocr.OcrBudgetExceeded as e:
            raise OcrTimedOut(
                str(self.path),
                f"{e}: the policy allows {self.limits.ocr_seconds_per_page:g} s per scanned page ([ocr] seconds_per_page)",
            ) from None
        except Exception as e:  # a fault of the OCR, not damage to the file
            raise ExtractionError(str(self.path), f"OCR failed on page {number}: {type(e).__name__}: {e}") from None
        result.n_chars = len(page.chars) + len(page.cell_chars)
        if result.n_chars:
            self.confidence[number] = page.confidence
        return result

    def why_none(self) -> str:
        """Why pages were left without text, as the end of a sentence ('' when nothing to add)."""
        if self.tried:
            return " (OCR found no text on them either)"
        if self.limits.ocr is None:
            from .. import ocr

            gap = ocr.missing()
            return f"; OCR is not available ({gap}): {ocr.INSTALL_HINT}" if gap else ""
        return ""

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
