"""Every suite of the app, run by `scripts/dev-bench test` (and so by `.ci/run`).

1. framework-free: `python -m pytest` (the test modules under nest_prospects/ that import nothing from
   Frappe; the others are reported as skipped), then `ruff format --check` and `ruff check`;
2. on two fresh sites, one with ERPNext (its setup completed as ERPNext's tests do) and one without:
   install the app, migrate twice (the second changes nothing), `CI=1 bench run-tests --app nest_prospects`
   (every test module, the framework-free ones again among them), then (ERPNext site) the browser
   suite, then uninstall the app and check `/api/method/ping`;
3. a summary: one count line per suite, and a last `total: N passed, N failed` line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent
TOOLS = ["pytest>=8", "ruff>=0.6", "playwright>=1.45,<2", "hypothesis>=6.100", "requests>=2.31"]
CI_SITES = {"erpnext": "ci-erpnext.localhost", "plain": "ci-frappe.localhost"}


@dataclass
class Result:
	suite: str
	passed: int = 0
	failed: int = 0
	skipped: int = 0
	detail: str = ""
	failures: list[str] = field(default_factory=list)

	def line(self) -> str:
		counts = f"{self.passed} passed, {self.failed} failed"
		if self.skipped:
			counts += f", {self.skipped} skipped"
		return f"{self.suite}: {counts}" + (f" ({self.detail})" if self.detail else "")


def say(message: str) -> None:
	print(f"[suites {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tools_python(cache: Path) -> Path:
	"""A venv with the test tools and the app's framework-free dependencies, cached by their list."""
	key = hashlib.sha256(("\n".join(TOOLS) + (APP_ROOT / "pyproject.toml").read_text()).encode()).hexdigest()[
		:10
	]
	venv = cache / f"tools-{key}"
	python = venv / "bin" / "python"
	if not (venv / ".ready").exists():
		subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
		subprocess.run([str(python), "-m", "pip", "install", "--quiet", *TOOLS], check=True)
		(venv / ".ready").write_text("ok")
	# the app itself changes with every checkout: reinstall it without its (cached) dependencies
	subprocess.run(
		[str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(APP_ROOT)],
		check=True,
		stdout=subprocess.DEVNULL,
	)
	subprocess.run(
		[str(python), "-m", "pip", "install", "--quiet", "phonenumbers>=8.13", "holidays>=0.60"],
		check=True,
		stdout=subprocess.DEVNULL,
	)
	return python


def pytest_counts(output: str) -> tuple[int, int, int]:
	"""passed, failed (failed + errors), skipped from pytest's closing line."""
	last = [
		line for line in output.splitlines() if re.search(r"\b(passed|failed|error|no tests ran)\b", line)
	]
	text = last[-1] if last else ""

	def count(word: str) -> int:
		match = re.search(rf"(\d+) {word}", text)
		return int(match.group(1)) if match else 0

	return count("passed"), count("failed") + count("errors?"), count("skipped")


def run_logged(
	cmd: list[str], log: Path, cwd: Path | None = None, env: dict | None = None
) -> tuple[int, str]:
	say("$ " + " ".join(cmd))
	with open(log, "w") as out:
		code = subprocess.run(
			cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
		).returncode
	return code, log.read_text(errors="replace")


def framework_free(python: Path, logs: Path) -> list[Result]:
	code, output = run_logged(
		[str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
		logs / "framework-free.log",
		cwd=APP_ROOT,
	)
	print("\n".join(output.splitlines()[-15:]))
	passed, failed, skipped = pytest_counts(output)
	result = Result("framework-free", passed, failed, skipped)
	if code not in (0,) and not failed:
		result.failed = 1
		result.failures.append(f"pytest exited {code}")
	result.failures += re.findall(r"^FAILED (\S+)", output, re.M)
	ruff = Result("ruff")
	ruff_bin = str(python.parent / "ruff")
	for check in (["format", "--check", "."], ["check", "."]):
		code, output = run_logged([ruff_bin, *check], logs / "ruff.log", cwd=APP_ROOT)
		if code:
			print(output[-3000:])
			ruff.failed += 1
			ruff.failures.append("ruff " + " ".join(check))
		else:
			ruff.passed += 1
	return [result, ruff]


def framework_free_modules() -> set[str]:
	"""The test modules plain pytest runs without Frappe (read from their imports, as conftest.py does)."""
	sys.path.insert(0, str(APP_ROOT))
	from nest_prospects.tests.pure_modules import framework_free_test_modules

	return set(framework_free_test_modules())


def integration(bench, site: str, label: str, logs: Path) -> Result:
	# --verbose: one line per test ("test_x (module.Class.test_x) ... ok"), to tell the
	# framework-free tests apart in the count line.
	code, output = run_logged(
		[bench.bench_cmd, "--verbose", "--site", site, "run-tests", "--app", "nest_prospects"],
		logs / f"integration-{label}.log",
		cwd=bench.path,
		env={"CI": "1"},
	)
	ran = re.findall(r"^Ran (\d+) tests? in", output, re.M)
	total = sum(int(n) for n in ran)
	failures = sum(int(n) for n in re.findall(r"failures=(\d+)", output))
	errors = sum(int(n) for n in re.findall(r"errors=(\d+)", output))
	skipped = sum(int(n) for n in re.findall(r"skipped=(\d+)", output))
	# each test's line starts with its name and id; a slow one is named a second time, with its seconds
	started = set(re.findall(r"^(test\w* \([\w.]+\))", output, re.M))
	free = framework_free_modules()
	framework_free = sum(1 for test in started if any(f"({module}." in test for module in free))
	detail = f"{label}; {framework_free} of them framework-free"
	result = Result("integration", total - failures - errors - skipped, failures + errors, skipped, detail)
	result.failures = [f"{label}: {m}" for m in re.findall(r"^(?:FAIL|ERROR): (.+)$", output, re.M)]
	if total == 0:
		result.failed += 1
		result.failures.append(f"{label}: no integration test ran (exit {code})")
	elif not framework_free:
		result.failed += 1
		result.failures.append(f"{label}: bench run-tests ran none of the framework-free tests")
	elif code and not result.failed:
		result.failed += 1
		result.failures.append(f"{label}: run-tests exited {code}")
	if result.failed:
		print(output[-6000:])
	return result


def migrate_twice(bench, site: str, label: str, logs: Path) -> Result:
	result = Result("migrate", detail=label)
	bench.bench("--site", site, "migrate", log=logs / f"migrate-{label}.log")
	before = json.loads(bench.site_python(site, "fingerprint").stdout.splitlines()[-1])
	bench.bench("--site", site, "migrate", log=logs / f"migrate-{label}.log")
	after = json.loads(bench.site_python(site, "fingerprint").stdout.splitlines()[-1])
	if before["sha256"] == after["sha256"]:
		result.passed = 1
	else:
		result.failed = 1
		changed = {
			k: (v, after["counts"].get(k)) for k, v in before["counts"].items() if after["counts"].get(k) != v
		}
		result.failures.append(f"{label}: the second migrate changed the app's schema or records {changed}")
	return result


def spawn(command: list[str], cwd: Path, log: Path, env: dict | None = None) -> subprocess.Popen:
	"""A server of the bench in its own session (stopped by `stop`), its output appended to `log`."""
	return subprocess.Popen(
		command,
		cwd=cwd,
		env=env,
		stdout=open(log, "ab"),
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)


def wait_for_port(port: int, seconds: int = 60) -> None:
	"""Until the server answers on `port`, or `seconds` have passed (the suite then reports why)."""
	deadline = time.time() + seconds
	while time.time() < deadline and not port_open(port):
		time.sleep(0.5)


def serve(bench, site: str, port: int) -> list[subprocess.Popen]:
	logs = bench.path / "logs"
	processes = [
		spawn(
			[bench.bench_cmd, "--site", site, "serve", "--port", str(port), "--noreload"],
			bench.path,
			logs / f"serve-{port}.log",
			env={**os.environ, "DEV_SERVER": "1"},
		),
	]
	if not port_open(bench.ports()["socketio"]):
		processes.append(spawn(["node", "apps/frappe/socketio.js"], bench.path, logs / "socketio-test.log"))
	wait_for_port(port)
	return processes


def port_open(port: int) -> bool:
	import socket

	with socket.socket() as sock:
		sock.settimeout(0.5)
		return sock.connect_ex(("127.0.0.1", port)) == 0


def stop(processes: list[subprocess.Popen]) -> None:
	import signal

	for process in processes:
		try:
			os.killpg(process.pid, signal.SIGTERM)
			process.wait(timeout=15)
		except (ProcessLookupError, subprocess.TimeoutExpired):
			os.killpg(process.pid, signal.SIGKILL)


def ping(site: str, port: int) -> bool:
	request = urllib.request.Request(f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": site})
	try:
		with urllib.request.urlopen(request, timeout=30) as response:
			return response.status == 200 and json.loads(response.read()).get("message") == "pong"
	except OSError as error:
		say(f"ping failed: {error}")
		return False


def pytest_suite(
	suite: str, python: Path, logs: Path, env: dict, processes: list[subprocess.Popen]
) -> Result:
	"""Run tests/<suite> against a served site, then stop the servers; a suite that passes nothing fails."""
	try:
		code, output = run_logged(
			[
				str(python),
				"-m",
				"pytest",
				"-q",
				"-p",
				"no:cacheprovider",
				f"tests/{suite}",
				"-o",
				f"testpaths=tests/{suite}",
			],
			logs / f"{suite}.log",
			cwd=APP_ROOT,
			env=env,
		)
	finally:
		stop(processes)
	print("\n".join(output.splitlines()[-40:]))
	passed, failed, skipped = pytest_counts(output)
	result = Result(suite, passed, failed, skipped)
	result.failures = re.findall(r"^FAILED (.+)$", output, re.M)
	if passed == 0 or (code and not failed):
		result.failed = max(result.failed, 1)
		result.failures.append(f"the {suite} suite exited {code} with {passed} passed")
	return result


def browser(bench, site: str, python: Path, logs: Path) -> Result:
	plan_file = logs / "browser-plan.json"
	plan_file.write_text(bench.site_python(site, "browser-plan", "nest-browser-2026").stdout.splitlines()[-1])
	port = bench.ports()["web"] + 10
	env = {
		"NEST_BROWSER_URL": f"http://{site}:{port}",
		"NEST_BROWSER_PLAN": str(plan_file),
		"NEST_BROWSER_SCREENSHOTS": str(logs / "screenshots"),
	}
	return pytest_suite("browser", python, logs, env, serve(bench, site, port))


def gunicorn(bench, port: int, workers: int = 4) -> subprocess.Popen:
	"""The site behind gunicorn with several workers, as in production (the HTTP suites need real concurrency)."""
	sys.path.insert(0, str(APP_ROOT))
	from nest_prospects.benchmarks.gunicorn import gunicorn_command

	process = spawn(
		gunicorn_command(bench.path, port, workers),
		bench.path / "sites",
		bench.path / "logs" / f"gunicorn-{port}.log",
	)
	wait_for_port(port)
	return process


def http_suites(bench, site: str, python: Path, logs: Path) -> Result:
	"""tests/http: the API and the REST endpoints over HTTP, as each identity (plan from site_tasks http-plan)."""
	plan_file = logs / "http-plan.json"
	plan_file.write_text(bench.site_python(site, "http-plan").stdout.splitlines()[-1])
	port = bench.ports()["web"] + 12
	env = {
		"NEST_HTTP_URL": f"http://127.0.0.1:{port}",
		"NEST_HTTP_SITE": site,
		"NEST_HTTP_PLAN": str(plan_file),
	}
	return pytest_suite("http", python, logs, env, [gunicorn(bench, port)])


def benchmark(bench, site: str, label: str, logs: Path, prospects: int = 2000) -> Result:
	"""The benchmark at a small size, so that it keeps working (nest_prospects.benchmarks).

	Checks what holds at any size: every measure ran, every job's second run created nothing,
	every HTTP call answered 200, and the site's tables are as before. Its seconds are only printed.
	"""
	result = Result("benchmark", detail=f"{label}, {prospects:,} prospects")
	output = logs / f"benchmark-{label}.json"
	output.unlink(missing_ok=True)
	kwargs = {"prospects": prospects, "repeat": 1, "memory": False, "http_calls": 30, "output": str(output)}
	ran = bench.bench(
		"--site",
		site,
		"execute",
		"nest_prospects.benchmarks.run",
		"--kwargs",
		repr(kwargs),
		check=False,
		log=logs / f"benchmark-{label}.log",
	)
	if not output.exists():
		result.failed = 1
		result.failures.append(
			f"benchmark ({label}): no result (exit {ran.returncode}, see benchmark-{label}.log)"
		)
		return result
	report = json.loads(output.read_text())
	for measure in report.get("measures", []):
		if measure.get("works"):
			result.passed += 1
		else:
			result.failed += 1
			result.failures.append(f"benchmark ({label}): {measure['what']} did not work (see {output})")
	if report.get("error"):
		result.failed += 1
		result.failures.append(f"benchmark ({label}): {report['error'].strip().splitlines()[-1]}")
	if not report.get("left_as_before"):
		result.failed += 1
		result.failures.append(f"benchmark ({label}): the site's tables are not as before (see {output})")
	return result


def uninstall(bench, site: str, label: str, logs: Path) -> Result:
	result = Result("uninstall", detail=label)
	bench.bench(
		"--site",
		site,
		"uninstall-app",
		"nest_prospects",
		"--yes",
		"--no-backup",
		log=logs / f"uninstall-{label}.log",
	)
	port = bench.ports()["web"] + 11
	processes = serve(bench, site, port)
	try:
		ok = ping(site, port)
	finally:
		stop(processes)
	if ok:
		result.passed = 1
	else:
		result.failed = 1
		result.failures.append(f"{label}: /api/method/ping did not answer pong after uninstall-app")
	return result


def run_all(bench, args) -> int:
	started = time.time()
	logs = bench.path / "logs" / "suites"
	logs.mkdir(parents=True, exist_ok=True)
	python = tools_python(bench.path.parent)
	results: list[Result] = []
	timings: list[str] = []

	def timed(name: str, step, *step_args):
		begin = time.time()
		value = step(*step_args)
		timings.append(f"{name} {time.time() - begin:.0f} s")
		return value

	results += timed("framework-free", framework_free, python, logs)
	# The French the sites read is the MO file compiled from locale/fr.po: compiled from this
	# checkout's, not left from whichever checkout the bench last built.
	bench.bench("compile-po-to-mo", "--app", "nest_prospects", "--force", log=logs / "translations.log")

	sites = [("erpnext", True), ("plain", False)]
	if getattr(args, "only", None):
		sites = [s for s in sites if s[0] == args.only]
	for label, with_erpnext in sites:
		site = CI_SITES[label]
		name = "frappe + erpnext" if with_erpnext else "frappe only"
		timed(f"new site ({name})", bench.new_site, site, with_erpnext)
		timed(f"install ({name})", bench.install_app, site)
		results.append(timed(f"migrate ({name})", migrate_twice, bench, site, label, logs))
		if not with_erpnext:  # on a site with no prospect yet; it leaves none behind
			results.append(timed("benchmark", benchmark, bench, site, label, logs))
		results.append(timed(f"integration ({name})", integration, bench, site, name, logs))
		if with_erpnext and (APP_ROOT / "tests" / "http").is_dir():
			results.append(timed("http", http_suites, bench, site, python, logs))
		if with_erpnext and not args.no_browser:
			bench.bench("build", "--app", "nest_prospects", log=logs / "build.log")
			results.append(timed("browser", browser, bench, site, python, logs))
		results.append(timed(f"uninstall ({name})", uninstall, bench, site, name, logs))

	print("\n" + "=" * 70)
	print("timings: " + ", ".join(timings) + f"; total {time.time() - started:.0f} s")
	failures = [f for r in results for f in r.failures]
	if failures:
		print("failing:")
		for failure in failures:
			print(f"  - {failure}")
	for result in results:
		print(result.line())
	passed = sum(r.passed for r in results)
	failed = sum(r.failed for r in results)
	print(f"total: {passed} passed, {failed} failed")
	return 1 if failed else 0
