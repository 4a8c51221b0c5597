"""The folder that the server processes of one server share (fair-sharing counters, metrics).

``sdkg serve`` makes it in its master process before the first fork and gives it to
each process's app as ``RUNTIME_DIR`` (``service.web.wsgi``); an app made without one
(tests, ``sdkg serve --dev``) makes a folder of its own on first use, removed at exit.
It lives in the temporary folder (``TMPDIR``), not in ``instance/``: the service may
have no right to write there.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from flask import Flask

_lock = threading.Lock()


def runtime_dir(app: Flask) -> Path:
    with _lock:
        folder = app.config.get("RUNTIME_DIR")
        if not folder:
            folder = tempfile.mkdtemp(prefix="sdkg-app-")
            atexit.register(shutil.rmtree, folder, True)
            app.config["RUNTIME_DIR"] = folder
        return Path(folder)
