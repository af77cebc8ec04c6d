"""The command that serves a bench's sites behind gunicorn, as in production: the HTTP suites
(scripts/bench_suites.py) and the benchmark's API measures (benchmarks/http.py) both start it.

Plain Python (no Frappe import): dev-bench's suites run it from outside the bench's virtualenv.
"""

from __future__ import annotations

from pathlib import Path


def gunicorn_command(bench_path: str | Path, port: int, workers: int) -> list[str]:
	"""Several workers give real concurrency; --preload loads Frappe once, before forking."""
	return [
		str(Path(bench_path) / "env" / "bin" / "gunicorn"),
		"-b",
		f"127.0.0.1:{port}",
		"-w",
		str(workers),
		"-t",
		"120",
		"--preload",
		"frappe.app:application",
	]
