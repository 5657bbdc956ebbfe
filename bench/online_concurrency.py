"""Online engines: i18n-pub's concurrent runner against deep-translator's own ``translate_batch``.

    .venv/bin/python bench/online_concurrency.py                 # 400 segments, 100 ms per request, concurrency 8
    .venv/bin/python bench/online_concurrency.py --segments 80   # a quick look

Both sides use the real ``GoogleTranslator`` client against the same local
HTTP server (``tests/mt_server.py`` on 127.0.0.1), which adds a fixed latency
to every request, as a distant service would. The baseline is
``GoogleTranslator(...).translate_batch(texts)``, deep-translator's batch call
(a sequential loop). Ours is the ``google`` engine with ``concurrency = 8``
(no cache: the engine itself is timed). The ratio ours / baseline must be at
most 0.2; it is printed, and the exit code is 1 when it is not met.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mt_server import MTServer, fake_translation  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the server adds to each request")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--target", type=float, default=0.2, help="the ratio to meet")
    args = parser.parse_args()
    texts = [f"Segment {n}: the agreement was signed in Rabat by both organisations." for n in range(args.segments)]
    expected = [fake_translation(text, "fr") for text in texts]

    with MTServer() as server:
        server.behaviour.latency = args.latency
        url = server.url + "/m"

        # Baseline first, before i18n-pub's engine module is even imported.
        from deep_translator import GoogleTranslator

        client = GoogleTranslator(source="en", target="fr")
        client._base_url = url  # the attribute the client reads its endpoint from
        started = time.perf_counter()
        baseline_out = client.translate_batch(texts)
        baseline = time.perf_counter() - started
        assert baseline_out == expected, "the baseline did not translate everything"
        baseline_requests = server.requests

        from i18n_pub.engines import create_engine

        server.reset_counts()
        engine = create_engine("google", {"url": url, "concurrency": args.concurrency})
        started = time.perf_counter()
        ours_out = list(engine.translate(texts, "en", "fr").texts)
        ours = time.perf_counter() - started
        assert ours_out == expected, "i18n-pub did not translate everything"
        assert server.requests == baseline_requests == len(texts)
        in_flight = server.max_in_flight

    ratio = ours / baseline
    print(f"{args.segments} segments, {args.latency * 1000:.0f} ms per request, same local server")
    print("| run | seconds | requests |")
    print("|---|---|---|")
    print(f"| deep-translator translate_batch (sequential) | {baseline:.2f} | {len(texts)} |")
    print(f"| i18n-pub google engine, concurrency {args.concurrency} (max {in_flight} in flight) | {ours:.2f} | {len(texts)} |")
    print(f"ratio ours/baseline: {ratio:.3f} (target ≤ {args.target})")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
