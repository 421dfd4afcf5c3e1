"""Legal but large input, and option values that looked legal: each run ends within
10 s and 1 GB (tests/test_hostile.py's bound and helper), with a complete answer, a
partial answer marked partial, or exit 2 and one clear line naming the limit and how
to raise it. Every file is generated here.
"""
from __future__ import annotations

import pytest

from tests.test_hostile import refused


# ------------------------------------------------------------------ options

@pytest.mark.parametrize("args", [(), ("--monte-carlo", "10"), ("scenarios/stag_hunt.yaml",)])
def test_an_empty_cluster_address_is_refused(args: tuple[str, ...]) -> None:
    """`--cluster ""` was taken for no --cluster at all and the run went ahead locally
    (one file, with work for the executor, and several files)."""
    files = [a for a in args if a.endswith(".yaml")]
    options = [a for a in args if not a.endswith(".yaml")]
    refused("scenarios/chicken.yaml", *files, "--cluster", "", *options,
            words=("--cluster: '' is not a scheduler address", "tcp://host:8786"))
