"""Rules of the 'prerequisites' category: one rule per module, named by its code."""
