"""Caseload arithmetic against the target of 18, pro rata."""

from __future__ import annotations

from caseload_tui.domain.caseload import caseloads, worker_target
from caseload_tui.domain.records import WorkerRecord


def test_target_is_pro_rata_unless_overridden() -> None:
    assert worker_target(18, 1.0) == 18
    assert worker_target(18, 0.6) == 10.8
    assert worker_target(18, 0.5) == 9
    assert worker_target(18, 0.8, override=12) == 12


def test_caseloads_count_open_children_and_say_who_is_over() -> None:
    workers = [
        WorkerRecord("W1", "Sarah Collins", "Social worker", "East", 1.0),
        WorkerRecord("W2", "Tom Pritchard", "Social worker", "East", 0.5),
        WorkerRecord("W3", "Emma Walsh", "Senior social worker", "East", 1.0, caseload_target=15),
        WorkerRecord("W4", "Kwame Mensah", "Social worker", "East", 0.8),
    ]
    allocated = ["W1"] * 20 + ["W2"] * 9 + ["W3"] * 14 + [None, None, "W9"]
    loads = {c.worker_id: c for c in caseloads(workers, allocated, 18)}
    assert (loads["W1"].children, loads["W1"].target, loads["W1"].over_by) == (20, 18, 2)
    assert (loads["W2"].children, loads["W2"].target, loads["W2"].over_by) == (9, 9, 0)
    assert (loads["W3"].target, loads["W3"].over_by) == (15, -1)
    assert (loads["W4"].children, loads["W4"].target, loads["W4"].over_by) == (0, 14.4, -14.4)
