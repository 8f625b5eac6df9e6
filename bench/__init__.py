"""gskg's benchmarks (`make bench`; never part of `make test`)."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

# numpy's BLAS threads make the trainers' small fits ten times slower on a shared 2-core
# machine: one thread (set before numpy is imported; a caller's own setting wins)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def machine() -> dict[str, Any]:
    """What the figures were measured on, and how busy it was at the end."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_end": os.getloadavg(),
    }


def save(kind: str, result: dict[str, Any]) -> Path:
    """Write `result` to bench/results/<kind>-<timestamp>.json and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
