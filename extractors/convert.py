"""Format conversion through LibreOffice headless (.doc/.odt/.rtf -> .docx, .docx -> .pdf/.doc).

Each conversion runs in its own throw-away LibreOffice profile so that parallel conversions do
not fight over one user profile (a known cause of silent soffice failures), and under a timeout
so that a file that hangs LibreOffice cannot hang the audit.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionFailed, ConverterMissing

# LibreOffice filter names by target extension.
_FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "pdf": "pdf:writer_pdf_Export",
    "doc": "doc:MS Word 97",
    "odt": "odt",
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_ext: str, out_dir: Path, timeout_s: float = 120.0) -> Path:
    """Convert ``source`` to ``target_ext`` in ``out_dir``; return the new file's path."""
    source = Path(source)
    exe = soffice_path()
    if exe is None:
        raise ConverterMissing(str(source))
    if target_ext not in _FILTERS:
        raise ValueError(f"cannot convert to {target_ext!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            _FILTERS[target_ext],
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(str(source), f"LibreOffice took longer than {timeout_s:.0f} s") from None
    target = out_dir / (source.stem + "." + target_ext)
    if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()
        raise ConversionFailed(str(source), detail[-1] if detail else f"exit status {proc.returncode}")
    return target
