# `make demo` builds the demo site (HTML and PDFs) from content/ into site/; `make test` runs the tests.
# Each prepares the machine first (scripts/setup.sh): system packages when missing, .venv, the package.
# `make catalogue` re-extracts the translatable strings into generator/locale/*/LC_MESSAGES/gongshi.po
# (new ones untranslated); `.venv/bin/python scripts/catalogue.py check` lists what is left to translate.

.PHONY: demo test setup bench catalogue

# The demo is dated: its notices and tasks are written as seen on 2026-01-06 (see the README).
DEMO_DATE ?= 2026-01-06

demo:
	@bash scripts/setup.sh
	.venv/bin/gongshi build content -o site --today $(DEMO_DATE)

test:
	@bash scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/mypy
	.venv/bin/python -m pytest

bench:
	@bash scripts/setup.sh --test
	.venv/bin/python bench/run.py

catalogue:
	@bash scripts/setup.sh
	.venv/bin/python scripts/catalogue.py update
