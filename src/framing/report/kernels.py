"""A notebook kernel that runs one report after another, so its imports are paid once.

Starting a kernel and importing pandas, matplotlib and the report modules costs about a
second of CPU, more than most reports spend on their own work; a batch of ten reports paid
it ten times. A :class:`KernelSession` keeps one kernel for the reports a worker renders in
turn. Before each report the kernel's namespace, pandas options, matplotlib settings and
execution counter are reset (the notebook sees what a fresh kernel shows it, and numbers its
cells from 1); loaded modules and their caches stay, so a notebook must not change other
process-wide state. A report that fails, and every :data:`MAX_REPORTS` reports, get a new
kernel, so a crashed or bloated kernel never reaches the next report.
"""

from __future__ import annotations

import logging
import subprocess
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from jupyter_client.manager import AsyncKernelManager
    from nbformat import NotebookNode

log = logging.getLogger(__name__)

#: The kernel's own log (a warning that its local TCP socket is unencrypted, "KeyboardInterrupt
#: caught in kernel" when it is shut down) is chatter: a failing cell still fails the report.
#: History stays in memory, as nbclient keeps it for the kernels it starts.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]
#: Reports one kernel renders before it is replaced (bounds what a long batch accumulates).
MAX_REPORTS = 50
#: The first cell of a report run in a used kernel: an empty namespace, pandas options and
#: matplotlib settings as a new kernel has them, cells numbered from 1.
RESET_CELL = """\
get_ipython().run_line_magic("reset", "-f")
import sys, warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # resetting deprecated options warns
    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option("all")
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
del sys, warnings
get_ipython().execution_count = 1
"""


@lru_cache(maxsize=1)
def quiet_kernel_manager() -> type[AsyncKernelManager]:
    """Return a kernel manager whose kernels write nothing to the user's terminal.

    Under load a kernel being shut down can log a ZMQ traceback (with this machine's paths)
    straight to the stderr it inherited, past ``KERNEL_ARGUMENTS``; what a cell writes to
    stderr still reaches the notebook, and a dead kernel still fails the report.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


@lru_cache(maxsize=1)
def _reused_kernel_manager() -> type[AsyncKernelManager]:
    """Return a quiet kernel manager that remembers the clients papermill opens on it.

    papermill leaves open the client it connects to a kernel it did not start; the session
    stops each one after its report (an open client left to the garbage collector logs a
    warning to the terminal).
    """

    class ReusedKernelManager(quiet_kernel_manager()):  # type: ignore[misc]
        def client(self, **kwargs: Any) -> Any:
            client = super().client(**kwargs)
            self.framing_clients = [*getattr(self, "framing_clients", []), client]
            return client

        def stop_clients(self) -> None:
            for client in getattr(self, "framing_clients", []):
                client.stop_channels()
            self.framing_clients = []

    return ReusedKernelManager


class KernelSession:
    """One kernel reused for several notebooks in turn; :meth:`close` shuts it down.

    >>> with KernelSession() as kernel:                               # doctest: +SKIP
    ...     executed = execute(notebook, parameters, kernel=kernel)
    """

    def __init__(self, kernel_name: str = "python3", *, max_reports: int = MAX_REPORTS) -> None:
        self.kernel_name = kernel_name
        self.max_reports = max_reports
        self._manager: AsyncKernelManager | None = None
        self._reports = 0

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def manager(self) -> AsyncKernelManager:
        """Return the running kernel's manager, starting a kernel when there is none, the
        last one died or it has rendered ``max_reports`` reports."""
        from jupyter_core.utils import run_sync

        if self._manager is not None and (
            self._reports >= self.max_reports or not run_sync(self._manager.is_alive)()
        ):
            self.close()
        if self._manager is None:
            manager = _reused_kernel_manager()(kernel_name=self.kernel_name)
            run_sync(manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS)
            self._manager, self._reports = manager, 0
        self._reports += 1
        return self._manager

    def prepare(self, nb: NotebookNode) -> NotebookNode:
        """Return ``nb`` with the reset cell first when the kernel has run a report before."""
        import nbformat

        if self._reports > 1:
            reset = nbformat.v4.new_code_cell(RESET_CELL, metadata={"framing_reset": True})
            nb.cells.insert(0, reset)
        return nb

    def finish(self, nb: NotebookNode) -> NotebookNode:
        """Return the executed ``nb`` without the reset cell :meth:`prepare` added, and stop
        the clients the report opened."""
        if self._manager is not None:
            self._manager.stop_clients()  # type: ignore[attr-defined]
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get("framing_reset")]
        return nb

    def close(self) -> None:
        """Shut the kernel down (a no-op when none is running)."""
        from jupyter_core.utils import run_sync

        manager, self._manager = self._manager, None
        if manager is None:
            return
        try:
            manager.stop_clients()  # type: ignore[attr-defined]
            run_sync(manager.shutdown_kernel)(now=False)
        except Exception:  # already gone: nothing left to stop
            log.debug("kernel shutdown failed", exc_info=True)
        finally:
            run_sync(manager.cleanup_resources)()
