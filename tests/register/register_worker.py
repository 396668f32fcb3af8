"""A separate process recording one run, for the crash and concurrency tests.

    python register_worker.py URL RUN_ID MODE WAIT N

MODE ``normal`` records and exits; ``hang`` writes everything, flushes, prints READY and sleeps
before the commit (to be killed); ``slow`` does the same but commits after 2 seconds.
Exit status 0 recorded, 3 refused because another run holds the register, 1 anything else.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).parent))

from register_helpers import finding, ref

import reports.register.lifecycle as lifecycle  # record_run takes apply_run from there on each call
from reports.register import RunLockHeld, open_register


def main() -> int:
    url, run_id, mode, wait, n = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    original = lifecycle.apply_run

    def paused(session, *args, **kwargs):
        outcome = original(session, *args, **kwargs)
        session.flush()
        print("READY", flush=True)
        time.sleep(120 if mode == "hang" else 2)
        return outcome

    if mode in ("hang", "slow"):
        lifecycle.apply_run = paused
    pairs = [(finding("HRS001", f"topic {i % 50}", code=f"C{i // 50:03d}"), ref(code=f"C{i // 50:03d}"))
             for i in range(n)]
    audited = {r.course_code: r for _, r in pairs}.values()
    reg = open_register(url)
    try:
        outcome = reg.record_run(run_id, pairs, audited, datetime(2026, 3, 2, 2), lock_wait=wait)
    except RunLockHeld as exc:
        print(f"REFUSED {exc}", flush=True)
        return 3
    finally:
        reg.close()
    print("DONE " + outcome.summary(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
