# `make demo` builds the demo site (HTML and PDFs) from content/ into site/; `make test` runs the tests.
# Each prepares the machine first (scripts/setup.sh): system packages when missing, .venv, the package.

.PHONY: demo test setup bench

demo:
	@bash scripts/setup.sh
	.venv/bin/gongshi build content -o site

test:
	@bash scripts/setup.sh --test
	.venv/bin/python -m pytest

bench:
	@bash scripts/setup.sh --test
	.venv/bin/python bench/run.py
