"""PDF/DOCX/.doc -> typed ``Syllabus``."""
