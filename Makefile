# luoshi — the two commands: `make run` (demo on http://127.0.0.1:8000; PORT=8001 make run for another port) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LUOSHI_DEMO ?= 1
PORT ?= 8000

.PHONY: run serve test test-pg test-pg-browser test-browser lint check bench bench-dashboard bench-supervision bench-assessment bench-briefing bench-cascade bench-province bench-tick load eval train browser-deps migrate demo clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python requirements/base.txt requirements/test.txt pyproject.toml
	$(BIN)/pip install -q -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "落实 luoshi: http://127.0.0.1:$(PORT)/  (Ctrl-C 停止；后台任务进程随之停止)"
	@# The background-job worker (large exports) runs beside the web server and stops when it exits.
	@$(BIN)/python manage.py db_worker --no-reload -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production configuration on this machine (the demo database unless DATABASE_URL is set): DEBUG off,
# static files collected and served by whitenoise, gunicorn (deploy/gunicorn.conf.py: (2 x cores) + 1 sync
# workers) on 127.0.0.1:$(PORT) and the background worker beside it, stopped with it. Plain HTTP on loopback
# (HTTPS=False); on a server put nginx with TLS in front (deploy/, docs/operations.md). A fresh SECRET_KEY
# each start unless one is set, so sessions end when it stops.
serve: demo
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "落实 luoshi (production settings, gunicorn): http://127.0.0.1:$(PORT)/  (Ctrl-C 停止)"
	@export LUOSHI_DEMO=0 DEBUG=False HTTPS=False ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  GUNICORN_BIND=127.0.0.1:$(PORT) SECRET_KEY=$${SECRET_KEY:-$$(head -c 48 /dev/urandom | base64)}; \
	  $(BIN)/python manage.py db_worker --no-reload -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c deploy/gunicorn.conf.py luoshi.wsgi

# Browser tests need Debian's chromium and a CJK font; installed here with apt-get (as root) when missing.
browser-deps:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wqy || \
	  (echo "浏览器测试需要 chromium 和中文字体：正在用 apt-get 安装 Debian 软件包（需要 root）" && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run -v1

test: $(STAMP) browser-deps lint
	$(BIN)/pytest

# The same suite against PostgreSQL (local server with trust auth by default), but for the Playwright tests:
# they drive the same views the view tests check on PostgreSQL, and as live-server tests each one empties every
# table (TRUNCATE of some 75 tables) and loads its data again, which on PostgreSQL took CI past 30 minutes on a
# slow 2-core machine. They run on SQLite in `make test`; `make test-pg-browser` runs them on PostgreSQL.
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -m "not browser"

test-pg-browser: $(STAMP) browser-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -m browser

check: $(STAMP)
	DEBUG=0 LUOSHI_DEMO=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
	  $(BIN)/python manage.py check --deploy

# 整改台账 at 100,000 items on PostgreSQL (a scratch database, flushed): list and 整改清零, goal < 200 ms.
bench-supervision: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench} $(BIN)/python -m tools.bench_supervision

# 承接落实: suggestions for 300 county tasks against 500 city tasks (goal < 2 s), the coverage page of a city
# plan over 10 county plans (goal < 500 ms); its own scratch database on PostgreSQL, FLUSHED. About 1 min.
# Province scale on PostgreSQL (300,000 tasks, 6,000 units): the main pages' median, p95, queries, SQL time,
# app ÷ SQL and EXPLAIN of the misses (goal ≤ 100 ms). About 5 minutes; BENCH_REUSE=1 reuses the data.
bench-province: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_province} $(BIN)/python -m tools.bench_province

# tick at province scale on PostgreSQL (issue 14): luoshi_bench_province plus the rest of the year (3.6 million
# reports) copied into luoshi_bench_tick_base once, then into luoshi_bench_tick for each run; first run and steady
# state (goals 60 s / 20 s), seconds and statements per step. About 2–3 minutes (4 more to build the base once).
bench-tick: $(STAMP)
	$(BIN)/python -m tools.bench_tick

bench-cascade: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_cascade} $(BIN)/python -m tools.bench_cascade

# 年督考 at province scale on PostgreSQL (6,000 units, 300,000 tasks, a year of reports; its own scratch
# database, created if missing and FLUSHED): the scoring job's time (goal < 5 min), peak memory, ranking page < 200 ms.
bench-assessment: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_assessment} $(BIN)/python -m tools.bench_assessment

# A province-wide monthly 通报 as the job generates it, and its Word file (PostgreSQL, its own scratch database)
bench-briefing: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_briefing} $(BIN)/python -m tools.bench_briefing

# 主要经济指标 at province scale on PostgreSQL (6,000 units, 10 indicators, a year of figures; its own scratch
# database, created if missing and FLUSHED): the month table < 200 ms, an indicator's page, a 6,000-row month written.
bench-indicators: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_indicators} $(BIN)/python -m tools.bench_indicators

# 领导驾驶舱 at province scale on PostgreSQL (tools.bench_briefing's province, BENCH_TASKS tasks, default 300,000; its own
# scratch database, created if missing and FLUSHED): the statistics' rebuild, an accepted report's refresh, the
# drill-down's pages (goal < 100 ms median). BENCH_REUSE=1 measures an earlier run's province again.
bench-dashboard: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_dashboard} $(BIN)/python -m tools.bench_dashboard

# 重点项目 at scale on PostgreSQL (20,000 projects, a year of monthly reports; its own scratch database, created if
# missing and FLUSHED): the ledger, 一张图 and a project's page < 200 ms median, the daily relight of every project.
bench-projects: $(STAMP)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_bench_projects} $(BIN)/python -m tools.bench_projects

# The month-end rush (tools/load, docs/operations.md): LOAD_USERS reporters (default 300, LOAD_SPAWN_RATE 30 a
# second) log in, open 我的待办 and a report, autosave twice, upload a PDF and submit, once each, against gunicorn
# with the production settings and PostgreSQL (its own database, built once in about a minute, then reused);
# at most LOAD_RUN_TIME (5m). Prints requests/s, p50/p95/p99 per step and the errors; exits 1 on any error.
# Not in CI. A smoke run: LOAD_USERS=30 LOAD_SPAWN_RATE=10 make load
DEV_STAMP := $(VENV)/.installed-dev
$(DEV_STAMP): $(STAMP) requirements/dev.txt
	$(BIN)/pip install -q -r requirements/dev.txt
	touch $(DEV_STAMP)

load: $(DEV_STAMP)
	LOAD_DATABASE_URL=$${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi_load} $(BIN)/python -m tools.load.run

bench: $(STAMP)
	$(BIN)/python -m tools.bench_uploads
	$(BIN)/python -m tools.bench
	$(BIN)/python -m extractor.bench

# Every extraction figure against its goal (dev passages, seed 004, 分工方案, speeches); about 40 s.
eval: $(STAMP)
	$(BIN)/python -m extractor.eval.report

# the engine's sentence model (extractor/data/sentence_model.json) from its labelled material; deterministic
train: $(STAMP)
	$(BIN)/python -m extractor.eval.train_sentences

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
