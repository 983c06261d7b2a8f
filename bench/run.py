"""Run the benchmark: ``python -m bench.run [--quick] [--only 1,2,…]``.

Starts a throwaway PostGIS cluster under ``bench/.data/``, builds one database per data size
(migrations + default data + synthetic markers by COPY, then VACUUM and ANALYZE), creates
the peers' environments under ``bench/.peers/``, runs the scenarios, writes
``bench/results/`` and the table in ``bench/README.md``, and stops every server and the
cluster, even on failure.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from bench import data, peers, report, scenarios
from gis import db
from gis.cluster import EmbeddedCluster
from gis.seed.load import load_default_data
from layers import published

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / ".data"
CLUSTER_PORT = 5439
PEER_SCENARIOS = {1, 2}  # the others measure cotmoc alone


def _database_name(count: int) -> str:
    return "bench_default" if count == 0 else f"bench_{count}"


class Databases:
    """Benchmark databases built on first use, one per marker count (0 = default data)."""

    def __init__(self, cluster: EmbeddedCluster) -> None:
        self.cluster = cluster
        self.built: set[int] = set()

    def __call__(self, count: int) -> str:
        name = _database_name(count)
        if count not in self.built:
            start = time.perf_counter()
            self.cluster.drop_database(name)
            self.cluster.ensure_database(name)
            url = self.cluster.url(name)
            if count == 0:
                published.upgrade(url)
                with db.connect(url) as conn:
                    load_default_data(conn)
            else:
                data.create_database(url, count)
            print(
                f"  database {name}: {count:,} synthetic markers loaded in "
                f"{time.perf_counter() - start:.1f} s",
                flush=True,
            )
            self.built.add(count)
        return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 k markers, short runs")
    parser.add_argument("--only", default="", help="scenario numbers to run, e.g. 1,2")
    args = parser.parse_args(argv)
    sizes = scenarios.Sizes.quick() if args.quick else scenarios.Sizes()
    chosen = {int(n) for n in args.only.split(",") if n}
    started = time.perf_counter()

    if not chosen or chosen & PEER_SCENARIOS:
        print("peers: creating their environments under bench/.peers (once)", flush=True)
        for peer in peers.ALL:
            peers.ensure(peer)

    logs = DATA_DIR / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    logs.chmod(0o777)
    cluster = EmbeddedCluster(DATA_DIR, port=CLUSTER_PORT)
    figures: list[report.Figure] = []
    versions = {
        "postgresql": "not measured",
        "postgis": "not measured",
        "peers": "; ".join(" ".join(p.packages) for p in peers.ALL),
    }
    try:
        cluster.start()
        # Benchmark settings for the throwaway cluster only; the registry's cluster is untouched.
        cluster.psql("ALTER SYSTEM SET max_connections = 200")
        cluster.psql("ALTER SYSTEM SET shared_buffers = '256MB'")
        cluster.stop()
        cluster.start()
        cluster.psql("CREATE EXTENSION IF NOT EXISTS postgis", "cotmoc")
        versions["postgresql"] = cluster.psql("SHOW server_version")
        versions["postgis"] = cluster.psql("SELECT postgis_lib_version()", "cotmoc")
        ctx = scenarios.Context(cluster, sizes, logs, Databases(cluster))
        for number, scenario in enumerate(scenarios.ALL, start=1):
            if chosen and number not in chosen:
                continue
            print(f"scenario {number}: {scenario.__name__}", flush=True)
            try:
                figures += scenario(ctx)
            except Exception as err:  # noqa: BLE001 - one broken scenario must not hide others
                print(f"  failed: {err}", flush=True)
                figures.append(
                    report.Figure(
                        str(number),
                        scenario.__name__,
                        "run",
                        None,
                        "",
                        note=f"failed: {str(err)[:300]}",
                    )
                )
    finally:
        cluster.stop()

    mode = "quick" if args.quick else "full"
    note = (
        "figures are medians of one run; the machine may be shared, so compare ratios "
        "within this run, not figures across runs"
    )
    info = report.machine(versions)
    json_path, md_path = report.write(
        figures,
        info,
        mode,
        note,
        {
            "sizes": vars(sizes),
            "scenarios": sorted(chosen) or "all",
            "elapsed_s": round(time.perf_counter() - started, 1),
        },
        update_readme=not chosen,
    )
    print(
        f"wrote {json_path.relative_to(BENCH_DIR.parent)} and "
        f"{md_path.relative_to(BENCH_DIR.parent)} in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
