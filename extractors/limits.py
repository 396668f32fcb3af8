"""Resource limits for reading untrusted files. Defaults here; policy may override."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_compression_ratio: float = 200.0
    conversion_timeout_s: float = 120.0

    def __post_init__(self):
        for name in ("max_file_bytes", "max_pages", "max_docx_uncompressed_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_docx_compression_ratio <= 1:
            raise ValueError("max_docx_compression_ratio must exceed 1")
        if self.conversion_timeout_s <= 0:
            raise ValueError("conversion_timeout_s must be positive")
