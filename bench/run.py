"""Run every benchmark in this folder, one after another, each in its own process.

Usage: python bench/run.py [NAME ...]   (names: the scripts' stems, e.g. engine)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    wanted = set(sys.argv[1:])
    scripts = [p for p in sorted(HERE.glob("*.py")) if p.name != "run.py"]
    failed = 0
    for script in scripts:
        if wanted and script.stem not in wanted:
            continue
        print(f"== {script.stem}", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], check=False).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
