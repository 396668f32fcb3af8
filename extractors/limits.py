"""Resource limits for reading untrusted files. Defaults here; policy may override.

``Limits`` is what the extractor obeys; ``LimitsPolicy`` is the ``[limits]`` table of the policy
(``checks.policy`` validates the file with it) and turns into ``Limits``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict


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

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_pages", "max_docx_uncompressed_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_docx_compression_ratio <= 1:
            raise ValueError("max_docx_compression_ratio must exceed 1")
        if self.conversion_timeout_s <= 0:
            raise ValueError("conversion_timeout_s must be positive")
        if self.ocr_seconds_per_page <= 0:
            raise ValueError("ocr_seconds_per_page must be positive")


# TOML numbers: an int or a float, never a bool or a quoted "30"
_Positive = Annotated[float, Strict(), Field(gt=0)]


class LimitsPolicy(BaseModel):
    """What one file may cost (policy ``[limits]``): beyond these it is refused or stopped and
    reported, never left to hang or exhaust the nightly run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # the defaults of what the extractor obeys are those of Limits, written once there
    max_file_mb: _Positive = Limits.max_file_bytes / (1024 * 1024)
    max_pages: Annotated[int, Strict(), Field(ge=1)] = Limits.max_pages
    conversion_timeout_s: _Positive = Limits.conversion_timeout_s
    file_timeout_s: _Positive = 300.0
    file_memory_mb: Annotated[int, Strict(), Field(ge=64)] = 2048
    # fewer files found than this: the run fails (an unmounted share is not a clean night)
    min_files: Annotated[int, Strict(), Field(ge=0)] = 1
    # Not a key of [limits]: the policy copies [ocr] seconds_per_page here, as the extractor
    # spends the OCR budget but sees only the limits.
    ocr_seconds_per_page: _Positive = Limits.ocr_seconds_per_page

    def extraction_limits(self) -> Limits:
        return Limits(
            max_file_bytes=int(self.max_file_mb * 1024 * 1024),
            max_pages=self.max_pages,
            conversion_timeout_s=self.conversion_timeout_s,
            ocr_seconds_per_page=self.ocr_seconds_per_page,
        )
