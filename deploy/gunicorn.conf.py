"""gunicorn settings for juesuan behind nginx (docs/deployment.md). Every value can be set from the environment.

Sync workers are right behind a buffering proxy: nginx reads each request whole and takes each
response whole, so a worker is busy only for the time Django needs, never for a slow client's.
Without nginx in front, two slow uploads or two connections sending headers slowly hold both workers.
"""

import os

# Loopback only: nginx is the one client. A unix socket works as well ("unix:/run/juesuan/gunicorn.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Two per core is the usual start; each worker holds one request and one database connection.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
# A request still running after this many seconds is stopped (SystemExit in the worker) and the worker
# replaced. Publishing, PDFs and exports run as tasks in `manage.py db_worker`, not in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 2  # nginx reuses connections only when told to (proxy_http_version 1.1); short is fine
# Replace each worker after this many requests (with jitter), bounding any slow growth of memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The X-Forwarded-* headers are believed only from nginx on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and header limits, as nginx's: a request nginx passes is never refused here.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # nginx keeps the access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
