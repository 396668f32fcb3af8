"""Resource limits for reading untrusted files. Defaults here; policy may override."""

from __future__ import annotations

from dataclasses import dataclass, field


def _ocr_engine() -> str | None:
    from .ocr import engine

    return engine()


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_compression_ratio: float = 200.0
    conversion_timeout_s: float = 120.0
    # The OCR engine scanned pages are read with ("tesseract 5.5.4 kaz+rus+eng"; part of the
    # extraction cache key, so installing or upgrading it re-reads scans); None: not read.
    ocr: str | None = field(default_factory=_ocr_engine)
    # OCR budget: a file's scanned pages may take this many seconds each (policy [ocr]).
    ocr_seconds_per_page: float = 30.0

    def __post_init__(self):
        for name in ("max_file_bytes", "max_pages", "max_docx_uncompressed_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_docx_compression_ratio <= 1:
            raise ValueError("max_docx_compression_ratio must exceed 1")
        if self.conversion_timeout_s <= 0:
            raise ValueError("conversion_timeout_s must be positive")
        if self.ocr_seconds_per_page <= 0:
            raise ValueError("ocr_seconds_per_page must be positive")
