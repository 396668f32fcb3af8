"""Rules of the 'hours' category: one rule per module, named by its code."""
