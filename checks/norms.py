"""The norms rules cite, written once so every finding quotes them the same way."""

MES_563 = "Rules for organising the educational process on credit technology, MES RK order No. 563 of 12.10.2018"
MES_604 = "State compulsory standard of higher education, MES RK order No. 604 of 31.10.2018"
QMS_SYLLABUS = "University QMS procedure for developing and formatting the syllabus (working curriculum)"
QMS_001 = "Documented procedure on nonconformities and corrective actions (ISO 9001:2015, 7.5 and 10.2)"


def policy_key(key: str) -> str:
    return f"institution policy: {key}"


def cite(norm: str, *keys: str) -> str:
    return "; ".join([norm, *(policy_key(k) for k in keys)])
