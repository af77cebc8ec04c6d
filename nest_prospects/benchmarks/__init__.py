"""The app at scale, in one command, each measure next to its floor:

	bench --site SITE execute nest_prospects.benchmarks.run --kwargs '{"prospects": 100000}'

See nest_prospects.benchmarks.suite (what is measured, against which floor) and
nest_prospects.benchmarks.data (the data set, its tag and its cleanup).
"""


def run(prospects: int = 20_000, **kwargs):
	"""Build the data set, measure every job, report and search, print the table, clean up."""
	from nest_prospects.benchmarks.suite import run as run_suite

	return run_suite(prospects=prospects, **kwargs)


def cleanup():
	"""Remove the rows of an interrupted run (the benchmark does it itself at its end)."""
	from nest_prospects.benchmarks.data import cleanup as remove

	return remove()
