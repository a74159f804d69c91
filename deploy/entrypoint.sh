#!/bin/sh
# The container's start: a library folder on the volume (made on first start), a library file an older refsvc
# wrote rebuilt from refs/, then gunicorn.
set -e
[ -d "$REFSVC_HOME/refs" ] || refsvc init "$REFSVC_HOME"
refsvc upgrade
exec gunicorn -c /etc/refsvc/gunicorn.conf.py
