"""Worker processes that do not outlive the process that started them.

A process pool's workers block reading their task queue; when the parent is killed
(``kill -9``, a closed terminal) nothing tells them, and each keeps running with its
notebook kernel. :func:`exit_with_parent`, run as the pool's ``initializer``, watches the
parent from a daemon thread and ends the worker when it is gone (the kernel then sees its own
parent go and exits too).
"""

from __future__ import annotations

import os
import threading
import time

#: Seconds between two looks at the parent process.
POLL_SECONDS = 0.5


def exit_with_parent(poll_seconds: float = POLL_SECONDS) -> None:
    """Start a daemon thread that ends this process as soon as its parent has exited.

    The parent has exited when this process is re-parented (its parent id changes).
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)  # no clean-up to run: the parent that would collect results is gone

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
