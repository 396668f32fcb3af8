"""Rules of the 'plan' category: one rule per module, named by its code."""
