"""--workers and --cluster: the same JSON whatever runs the work.

Oracles: the same command run in this process (--workers 1), on two local worker
processes, and on a Dask LocalCluster of two worker processes on loopback; and plain
list arithmetic for the executors' batching and ordering.
"""
from __future__ import annotations

import json
import os
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli.main import main
from games.parallel import ProcessExecutor, SerialExecutor, batches, make_executor

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = str(ROOT / "scenarios" / "idlib_m4_patrols.yaml")
BATCH = [str(ROOT / "scenarios" / n) for n in
         ("chicken.yaml", "stag_hunt.yaml", "idlib_m4_patrols.yaml", "three_player_volunteer.yaml")]


def square(x: int) -> int:
    return x * x


@given(st.integers(0, 500), st.integers(1, 16))
def test_batches_cover_every_item_once_in_order(n: int, workers: int) -> None:
    parts = batches(n, workers)
    assert [i for r in parts for i in r] == list(range(n))
    assert all(len(r) > 0 for r in parts)
    assert len(parts) <= max(1, 4 * workers)


def test_process_executor_keeps_the_input_order() -> None:
    items = list(range(103))
    ex = ProcessExecutor(2)
    try:
        assert ex.map(square, items) == [x * x for x in items]
    finally:
        ex.close()
    assert SerialExecutor().map(square, items) == [x * x for x in items]


def test_workers_must_be_positive(capsys) -> None:
    assert main([SEED, "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    with pytest.raises(Exception, match="at least 1"):
        make_executor(0)


def json_of(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_batch_and_sweep_json_identical_on_one_and_two_workers(capsys) -> None:
    one = json_of(capsys, *BATCH, "--format", "json", "--workers", "1")
    two = json_of(capsys, *BATCH, "--format", "json", "--workers", "2")
    assert one == two
    docs = json.loads(one)
    assert docs == [json.loads(json_of(capsys, f, "--format", "json")) for f in BATCH]
    sweep = ("--sweep", "militia_support", "--sweep", "escalation_cost", "--steps", "9",
             "--monte-carlo", "3000", "--seed", "5", "--format", "json", "--no-sensitivity")
    assert json_of(capsys, SEED, *sweep, "--workers", "1") == \
        json_of(capsys, SEED, *sweep, "--workers", "2")


def test_several_files_refuse_single_file_options(capsys) -> None:
    assert main([*BATCH[:2], "--export", "x.nfg"]) == 2
    assert "single SCENARIO" in capsys.readouterr().err


def test_dask_local_cluster_gives_the_same_json(capsys, monkeypatch) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed (extra 'cluster') "
                                                            "not installed")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        on_dask = json_of(capsys, *BATCH[:3], "--format", "json", "--cluster", cluster.scheduler_address)
        sweep = ("--sweep", "militia_support", "--steps", "7", "--monte-carlo", "2000",
                 "--seed", "3", "--format", "json")
        dask_sweep = json_of(capsys, SEED, *sweep, "--cluster", cluster.scheduler_address)
    assert on_dask == json_of(capsys, *BATCH[:3], "--format", "json", "--workers", "1")
    assert dask_sweep == json_of(capsys, SEED, *sweep, "--workers", "1")


def test_a_bad_file_stops_the_batch_before_any_output(capsys) -> None:
    bad = str(ROOT / "tests" / "malformed" / "bad_distribution.yaml")
    assert main([BATCH[0], bad, "--format", "json", "--workers", "2"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "bad_distribution.yaml:6:19" in err and "\n" == err[-1] and err.count("\n") == 1
