"""Rules of the 'assessment' category: one rule per module, named by its code."""
