"""Rules of the 'document' category: one rule per module, named by its code."""
