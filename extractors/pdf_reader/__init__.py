"""PDF file -> ``RawDocument``, one module per concept (the way pdfplumber is laid out).

Syllabus PDFs are LibreOffice/Word exports of DOCX files with ruled tables, so the reader trusts
ruling lines: pdfplumber's table finder (lines strategy) finds the tables, and the words outside
them become paragraphs. Each page is read on its own and closed before the next one, so memory
stays flat on long files.

- ``reading``: opening the file, the page and size limits, rotated pages, the page loop, and the
  outcome (a document, or a typed error such as ``NoTextLayer``).
- ``page``: one page -> header text, table fragments and paragraphs (``PageReader``).
- ``header``: the ruled page header every page repeats, told from the first body table.
- ``cells``: cell rectangles -> a grid of ``RawCell`` with merged cells as ``covered_by``.
- ``layout``: characters outside the tables -> lines -> paragraphs and list items.
- ``stitching``: table fragments stitched across page breaks; the document's blocks in order.
- ``repair``: ligatures, invisible characters, hyphenation and cell-width word breaks.
- ``scans``: pages without usable text read by OCR (``extractors.ocr``).

The size, emptiness and format checks every reader makes are in ``extractors.sniff``.
"""

from .reading import read_pdf

__all__ = ["read_pdf"]
