"""Typed extraction outcomes. Each names the file and says what is wrong, in words a QA officer
can act on; the CLI prints them, never a traceback. ``code`` is stable: checks turn each into a
document-level finding."""

from __future__ import annotations


class ExtractionError(Exception):
    code = "unreadable"
    title = "The file could not be read"

    def __init__(self, path: str, detail: str = ""):
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {self.title}" + (f": {detail}" if detail else ""))

    def __reduce__(self):
        # Default exception pickling replays ``self.args`` (the one formatted message) into
        # ``__init__(path, detail)``, which loses ``detail`` and the path. Errors cross process
        # boundaries (worker pools, Dask), so rebuild them from the fields themselves.
        return (type(self), (self.path, self.detail), self.__dict__.copy())


class EmptyFile(ExtractionError):
    code = "empty-file"
    title = "The file is empty"


class CorruptFile(ExtractionError):
    code = "corrupt-file"
    title = "The file is damaged or truncated"


class EncryptedFile(ExtractionError):
    code = "encrypted-file"
    title = "The file is password-protected"


class WrongFormat(ExtractionError):
    code = "wrong-format"
    title = "The file's content does not match its extension"


class UnsupportedFormat(ExtractionError):
    code = "unsupported-format"
    title = "This kind of file is not supported"


class NoTextLayer(ExtractionError):
    code = "no-text-layer"
    title = "The PDF has no text layer (a scan); it must be OCR'd or supplied as DOCX"


class OcrTimedOut(ExtractionError):
    # the same code as a file that ran out of time: not cached, retried on the next run
    code = "timed-out"
    title = "Reading the scanned pages (OCR) took longer than the policy allows"


class NotASyllabus(ExtractionError):
    code = "not-a-syllabus"
    title = "The document does not look like a syllabus"


class TablesNotFound(ExtractionError):
    code = "tables-not-found"
    title = "The syllabus's tables could not be found"


class TooLarge(ExtractionError):
    code = "too-large"
    title = "The file exceeds the size limit set by policy"


class ZipBomb(ExtractionError):
    code = "zip-bomb"
    title = "The DOCX expands to far more data than a document can hold (possible zip bomb)"


class ConverterMissing(ExtractionError):
    code = "converter-missing"
    title = "LibreOffice is needed to read this format and was not found (install libreoffice)"


class ConversionFailed(ExtractionError):
    code = "conversion-failed"
    title = "LibreOffice could not convert the file"
