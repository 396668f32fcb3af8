"""The installed distribution's one top-level package.

In the checkout (and the editable install) it holds only the console script's entry point, beside
the design card's top-level packages pipeline, extractors, checks, reports and data. The wheel puts
those five inside it, as ``syllabus_audit.pipeline`` and so on, so that installing syllabus-audit
adds no module named ``checks`` or ``data`` to site-packages (tools/wheel_layout.py; README, "Layout").
"""
