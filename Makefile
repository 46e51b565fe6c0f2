# Antre: the habits, as targets. `make demo` and `make test` are the two that matter.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast test-another-day bench lint format typecheck screenshots bundle clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Load the demo site into a SQLite store in the user data dir and open the three apps.
demo: $(STAMP)
	$(BIN)/antre demo

## The whole suite: unit, service (SQLite + PostgreSQL), multi-process, UI (offscreen), lint.
test: $(STAMP) lint
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

## The suite as if it were ANOTHER_DAY (an ISO 8601 instant; by default 100 days from now,
## 30 s before midnight in Jakarta, so the run crosses a business day). The bundle is left out:
## its frozen programs run outside the shifted process.
ANOTHER_DAY ?= $(shell date -u -d '+100 days' +%F)T23:59:30+07:00
test-another-day: $(STAMP)
	ANTRE_TEST_NOW=$(ANOTHER_DAY) $(BIN)/python -m pytest --ignore=tests/bundle

## Benchmarks (not tests): prints a table, writes perf-results/*.json.
bench: $(STAMP)
	$(BIN)/python -m tests.perf

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.screenshots

## Every catalog (docs/translations.md). The apps' Qt catalogs: collect their Indonesian
## sentences into resources/translations/<app>_en.ts (translators fill in the translations,
## e.g. with pyside6-linguist) and compile the .qm files the apps load. The core's gettext
## catalog: Babel extracts every say("...") of shared/ into antre.pot, updates
## en/LC_MESSAGES/antre.po and compiles antre.mo. Tests fail on an unfinished translation.
LUPDATE := $(BIN)/pyside6-lupdate -tr-function-alias translate+=tr -source-language id \
	-target-language en -no-obsolete -locations none
translations: $(STAMP)
	$(LUPDATE) kiosk/texts.py -ts resources/translations/kiosk_en.ts
	$(LUPDATE) $(wildcard counter/*.py) -ts resources/translations/counter_en.ts
	$(LUPDATE) $(wildcard display/*.py) -ts resources/translations/display_en.ts
	for app in kiosk counter display; do \
		$(BIN)/pyside6-lrelease resources/translations/$${app}_en.ts -qm resources/translations/$${app}_en.qm \
			|| exit 1; \
	done
	$(BIN)/python packaging/catalogs.py

## One folder, dist/antre/, holding antre, antre-kiosk, antre-counter, antre-display and antre-admin
## (build.spec); each program checks itself with --self-test (the CLI: antre self-test).
bundle: $(STAMP) translations
	$(BIN)/pyinstaller --noconfirm build.spec

clean:
	rm -rf build dist perf-results screenshots .pytest_cache .mypy_cache .ruff_cache
