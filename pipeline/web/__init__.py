"""The register in a browser (``syllabus-audit serve``): the QA office and the department heads read
and act on the nonconformity register through server-rendered pages. See ``app`` (``create_app``)
for the security rules, ``accounts`` for users and roles, ``queries`` for what the pages read.
Nothing is imported here, so ``syllabus-audit users`` does not load Flask."""
