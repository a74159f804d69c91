"""gunicorn's settings for refsvc: `gunicorn -c gunicorn.conf.py`. The container (Dockerfile), the systemd unit
(refsvc.service) and tests/test_install.py all run this file. The library's folder is $REFSVC_HOME."""
import os

wsgi_app = "refsvc.web:create_app()"
bind = os.environ.get("REFSVC_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("REFSVC_WORKERS", "2"))  # each opens the library once and keeps it
accesslog = "-"  # one line a request, on stdout
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
