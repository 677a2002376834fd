"""For the benchmarks only: a stand-in for the OS credential store on a machine without one
(this VM, CI), so that the start with a key from the store can be timed. It keeps the keys in a
file named by ``CASELOAD_BENCH_KEYSTORE`` in the benchmark's temporary folder (synthetic data
only). Chosen with ``PYTHON_KEYRING_BACKEND=keystore.BenchKeyring`` and this folder on
``PYTHONPATH``. Never used by the app itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _load(self) -> dict[str, str]:
        path = Path(os.environ["CASELOAD_BENCH_KEYSTORE"])
        return dict(json.loads(path.read_text())) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        found = self._load()
        found[f"{service}\n{username}"] = password
        Path(os.environ["CASELOAD_BENCH_KEYSTORE"]).write_text(json.dumps(found))

    def delete_password(self, service: str, username: str) -> None:
        found = self._load()
        found.pop(f"{service}\n{username}", None)
        Path(os.environ["CASELOAD_BENCH_KEYSTORE"]).write_text(json.dumps(found))


def environment(folder: Path) -> dict[str, str]:
    """The variables that make ``caseload`` processes use this stand-in, keeping its file in ``folder``."""
    bench = str(Path(__file__).resolve().parent)
    path = os.environ.get("PYTHONPATH")
    return {
        "PYTHON_KEYRING_BACKEND": "keystore.BenchKeyring",
        "CASELOAD_BENCH_KEYSTORE": str(folder / "bench-keystore.json"),
        "PYTHONPATH": bench if not path else os.pathsep.join([bench, path]),
    }
