"""gunicorn configuration for luoshi: `gunicorn -c deploy/gunicorn.conf.py luoshi.wsgi`.

Sync workers, (2 × cores) + 1 of them: 2 cores → 5 workers, 4 → 9, 8 → 17. Most of a request's time is spent
waiting for the database, so a core keeps about two workers busy; the extra one covers a worker that is
restarting. Each worker holds one database connection (CONN_MAX_AGE) and about 150 MB of memory. Everything
can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_BIND, GUNICORN_TIMEOUT, …) or with
gunicorn's own GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os
from importlib import import_module

from django.conf import settings
from django.db import connections


def env_int(name, default):
    return int(os.environ.get(name) or default)


# behind nginx on the same host; `make serve` uses the same address
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# a request that runs longer is killed (nginx answers 504 first, at 60 s): large exports and 通报 are
# background jobs, so no page should come near it
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# nginx keeps the client's connection; the upstream connection is short
keepalive = 5
# recycle a worker after about a thousand requests, so a slow leak (openpyxl, matplotlib) cannot grow for ever;
# the jitter keeps the workers from restarting at the same moment
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
# import the app once in the master: workers start fast and share memory until they write to it
preload_app = True
# nginx already limits the request line and headers; these are gunicorn's defaults, stated
limit_request_line = 8190
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# X-Forwarded-For is trusted from the proxy on this host only
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "luoshi"


def on_starting(server):
    # preload_app has imported the app; import every view too (the URLconf is otherwise imported at each
    # worker's first request: 1.4 s of CPU, five workers at once at start, or after each max_requests
    # restart, while requests queue behind them — the load test's first logins waited up to 13 s)
    import_module(settings.ROOT_URLCONF)


def post_fork(server, worker):
    # a connection opened by the master while preloading must not be shared by the workers
    connections.close_all()
