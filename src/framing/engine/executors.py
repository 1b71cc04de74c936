"""The two execution engines: one picklable function over a list of tasks, results in order.

``"local"``
    a process pool on this machine (``jobs`` processes, default all cores; ``jobs=1`` runs
    in this process).
``"dask"``
    Dask tasks on a ``distributed`` cluster: a ``LocalCluster`` of ``jobs`` single-threaded
    worker processes by default, or the running scheduler at ``scheduler``
    (``"tcp://host:8786"``). Workers read their own input partitions and write their own
    output parts, so only small summaries travel back to the client; on a real cluster the
    input and output folders must be on storage every worker sees (NFS, a shared disk).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from framing.checks import check_int
from framing.errors import ParameterError
from framing.report.workers import exit_with_parent

ENGINES = ("local", "dask")

Task = TypeVar("Task")
Result = TypeVar("Result")


def check_engine(engine: str, jobs: int | None, scheduler: str | None) -> int:
    """Return the number of workers to use; raise :class:`ParameterError` for an unknown
    ``engine``, a ``jobs`` that is not a positive integer, or a ``scheduler`` without Dask."""
    if engine not in ENGINES:
        raise ParameterError(f"engine must be one of {ENGINES}, got {engine!r}")
    if jobs is not None:
        check_int("jobs", jobs)
    if scheduler is not None and engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    return jobs if jobs is not None else (os.cpu_count() or 1)


def _pool_context() -> BaseContext:
    """forkserver (workers fork from a clean process that imported the pipeline once)."""
    try:
        context = get_context("forkserver")
    except ValueError:  # no fork on this platform
        return get_context("spawn")
    context.set_forkserver_preload(
        ["framing.engine.ingest_partitions", "framing.engine.feature_partitions"]
    )
    return context


def map_tasks(
    func: Callable[[Task], Result],
    tasks: Sequence[Task],
    *,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    dask_processes: bool = True,
    progress: bool = False,
    desc: str = "tasks",
    unit: str = "task",
    weights: Sequence[int] | None = None,
) -> list[Result]:
    """Return ``[func(task) for task in tasks]``, computed by ``engine``, in task order.

    jobs
        local processes or ``LocalCluster`` workers (default: all cores).
    scheduler
        address of a running Dask scheduler (``engine="dask"`` only); no cluster is started.
    dask_processes
        ``False`` runs the ``LocalCluster`` workers as threads in this process (tests).
    weights
        progress units per task (articles per partition), so the bar shows articles/s and
        an ETA.
    """
    jobs = check_engine(engine, jobs, scheduler)
    from tqdm.auto import tqdm

    weights = list(weights) if weights is not None else [1] * len(tasks)
    bar = tqdm(total=sum(weights), desc=desc, unit=unit, disable=not progress, file=sys.stderr)
    try:
        if engine == "dask":
            return _map_dask(func, tasks, jobs, scheduler, dask_processes, bar, weights)
        if jobs == 1 or len(tasks) < 2:
            results = []
            for task, weight in zip(tasks, weights, strict=True):
                results.append(func(task))
                bar.update(weight)
            return results
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=_pool_context(), initializer=exit_with_parent
        ) as pool:
            futures = [pool.submit(func, task) for task in tasks]
            results = []
            for future, weight in zip(futures, weights, strict=True):
                results.append(future.result())
                bar.update(weight)
            return results
    finally:
        bar.close()


def _map_dask(
    func: Callable[[Task], Result],
    tasks: Sequence[Task],
    jobs: int,
    scheduler: str | None,
    processes: bool,
    bar: Any,
    weights: Sequence[int],
) -> list[Result]:
    from distributed import Client, LocalCluster, as_completed

    # distributed logs its start-up and shut-down at INFO on its own loggers: show them only
    # when the user asked for INFO (-v).
    logging.getLogger("distributed").setLevel(logging.getLogger().level or logging.WARNING)
    if scheduler:
        client, cluster = _connect(scheduler), None
    else:
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
            silence_logs=logging.WARNING,
        )
        client = Client(cluster)
    try:
        futures = client.map(func, list(tasks), pure=False)
        weight_of = {future.key: weight for future, weight in zip(futures, weights, strict=True)}
        for future in as_completed(futures):
            bar.update(weight_of[future.key])
        return client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


#: Seconds to wait for a Dask scheduler named with ``--scheduler`` before giving up.
CONNECT_TIMEOUT = 10


def _connect(scheduler: str) -> Any:
    """Return a ``distributed.Client`` on ``scheduler``; a :class:`ParameterError` that says
    what to do when it cannot be reached (instead of a traceback from deep in ``distributed``)."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise ParameterError(
            f"cannot reach the Dask scheduler at {scheduler!r} within {CONNECT_TIMEOUT} s "
            f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}): "
            "check the address (tcp://host:8786) and that `dask scheduler` is running there, "
            "or drop --scheduler to use a local cluster"
        ) from None
