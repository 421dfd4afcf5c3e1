import itertools, traceback
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_region_nplayer import scenario, solved_map
from games.errors import GameError
entry = st.sampled_from(["0", "1", "2", "3", "-1", "a", "b", "a*a + b*b", "a + b", "3 - b"])

@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry, min_size=24, max_size=24))
def test_probe(entries):
    rows = {prof: tuple(entries[3 * n: 3 * n + 3])
            for n, prof in enumerate(itertools.product(range(2), repeat=3))}
    sc = scenario(rows)
    try:
        rm, seen = solved_map(sc)
        print("OK", entries, len(rm.regions), flush=True)
    except (GameError, ArithmeticError, ZeroDivisionError) as e:
        print("EXC", type(e).__name__, str(e)[:150], entries, flush=True)
        if not isinstance(e, GameError):
            traceback.print_exc()
