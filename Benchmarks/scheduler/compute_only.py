"""Times only the scheduling work of a replay in Python (histories parsed beforehand), for
py-fsrs and for fsrs-rs-python, using fsrs_vectors.py's own engines so the work per review is
the same as in `quiz scheduler replay`: one review plus the two retrievabilities reported.

usage: python compute_only.py FSRS_VECTORS_PY HISTORIES.jsonl ROUNDS
"""
import importlib.util
import json
import sys
import time

spec = importlib.util.spec_from_file_location("fsrs_vectors", sys.argv[1])
vectors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vectors)
histories = [json.loads(line)["history"] for line in open(sys.argv[2]) if line.strip()]
rounds = int(sys.argv[3])
reviews = sum(len(h) for h in histories)

engines = {
    "py-fsrs 6.3.2": (lambda: vectors.make_scheduler(), lambda s, h: vectors.run_py_fsrs(h, s)),
    "fsrs-rs-python": (lambda: vectors.RsEngine(), lambda e, h: e.run(h)),
}
for name, (make, run) in engines.items():
    engine = make()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for history in histories:
            run(engine, history)
        best = min(best, time.perf_counter() - start)
    print(f"{name} compute-only: {reviews} reviews in {best * 1000:.1f} ms (best of {rounds}) = {reviews / best:.0f} reviews/s")
