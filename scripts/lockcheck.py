"""Compare the packages installed in this Python's environment with the lock.

    python scripts/lockcheck.py requirements.txt           # list the differences, exit 0
    python scripts/lockcheck.py --strict requirements.txt  # exit 1 on any difference

`make install` runs it with --strict after installing from the lock (pip freeze must equal the
lock); `make test-latest` runs it without, to show which versions the newest resolution took.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    """PEP 503 name normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines: list[str]) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    found = {}
    for line in lines:
        if m := PIN.match(line.strip()):
            found[normalise(m.group(1))] = m.group(2)
    return found


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    lock_path = Path([a for a in argv if not a.startswith("--")][0])
    locked = pins(lock_path.read_text(encoding="utf-8").splitlines())
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    installed = pins(freeze.splitlines())
    rows = []
    for name in sorted(locked.keys() | installed.keys()):
        old, new = locked.get(name, "-"), installed.get(name, "-")
        if old != new:
            rows.append(f"  {name:<28} lock {old:<14} installed {new}")
    print("\n".join(rows) if rows else f"  all {len(locked)} packages as in {lock_path}")
    if strict and rows:
        print(f"lockcheck: the environment differs from {lock_path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
