"""Rules of the 'batch' category: one rule per module, named by its code."""
