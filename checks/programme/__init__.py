"""Rules of the 'programme' category: the syllabus against the programme's documents (the
passport given with ``--passport``, the working curriculum with ``--curriculum``). One rule per
module, named by its code; each says nothing when its document is not given."""
