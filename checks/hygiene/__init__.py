"""Rules of the 'hygiene' category: one rule per module, named by its code."""
