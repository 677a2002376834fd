"""Writing small synthetic CSV files for the import tests (made-up names only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

TODAY = date(2026, 6, 1)
WORKERS_HEADER = "worker_id,name,role,team,fte"
CHILDREN_HEADER = (
    "child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,plan_start,"
    "placement_type,placement_start"
)
EVENTS_HEADER = "child_id,kind,date,seen_alone,unannounced"


def write(folder: Path, name: str, *lines: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """A file of ``lines`` (each a CSV row) in ``folder``."""
    path = folder / name
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def child(**cells: str) -> str:
    """A children.csv row: a valid allocated CIN child unless ``cells`` say otherwise."""
    row = {
        "child_id": "C001", "given_name": "Ada", "family_name": "Testchild", "date_of_birth": "14/03/2016",
        "worker_id": "W01", "allocated_on": "02/02/2026", "plan_type": "cin", "plan_start": "28/01/2026",
        "placement_type": "", "placement_start": "",
    }  # fmt: skip
    row.update(cells)
    return ",".join(row.values())
