"""Rules of the 'crossref' category: one rule per module, named by its code."""
