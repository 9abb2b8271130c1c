"""Draw a soak run's memory curve (PNG) and print its table for bench/README.md.

    .venv/bin/python bench/soak/plot.py bench/soak/results/<run> [--png bench/soak/soak-memory.png]

Reads what ``run.py`` left in the run's directory: ``memory.csv`` (resident
memory of each process over time), locust's ``locust_stats.csv`` and
``locust_stats_history.csv``, and ``summary.json``.
"""

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def memory_series(path):
    """{label: ([seconds], [MiB])}, one series per process; workers numbered in order of their pid."""
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    worker_pids = sorted({row["pid"] for row in rows if row["process"] == "gunicorn worker"}, key=int)
    series = defaultdict(lambda: ([], []))
    for row in rows:
        label = row["process"]
        if label == "gunicorn worker":
            label = f"gunicorn worker {worker_pids.index(row['pid']) + 1}"
        series[label][0].append(float(row["seconds"]) / 60)
        series[label][1].append(float(row["rss_mib"]))
    return dict(sorted(series.items()))


def throughput(path):
    """Minutes from the start and requests per second of the whole load, from locust's history."""
    minutes, rps, started = [], [], None
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
        if row["Name"] != "Aggregated":
            continue
        started = started or int(row["Timestamp"])
        minutes.append((int(row["Timestamp"]) - started) / 60)
        rps.append(float(row["Requests/s"]))
    return minutes, rps


def plot(run, png):
    series = memory_series(run / "memory.csv")
    figure, (memory, load) = plt.subplots(
        2, 1, figsize=(9, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    for label, (minutes, mib) in series.items():
        memory.plot(minutes, mib, label=label, linewidth=1.4)
    memory.set_ylabel("resident memory (MiB)")
    memory.set_ylim(bottom=0)
    memory.grid(alpha=0.3)
    memory.legend(loc="lower right", fontsize="small")
    memory.set_title("Soak test: memory of the app server and the job worker under mixed load")
    minutes, rps = throughput(run / "locust_stats_history.csv")
    load.plot(minutes, rps, color="grey", linewidth=1)
    load.set_ylabel("requests/s")
    load.set_xlabel("minutes")
    load.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(png, dpi=110)
    return series


def table(run):
    rows = list(csv.DictReader((run / "locust_stats.csv").read_text(encoding="utf-8").splitlines()))
    lines = [
        "| kind of request | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all together**"
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {float(row['Requests/s']):.2f} | "
            f"{row['50%']} | {row['99%']} | {row['Failure Count']} |"
        )
    return "\n".join(lines)


def memory_summary(series):
    """Each process's memory after the first minute (warmed up), at its lowest and highest, and at the end."""
    lines = ["| process | after 1 min MiB | min–max after 1 min | at the end |", "|---|---|---|---|"]
    for label, (minutes, mib) in series.items():
        warm = [m for t, m in zip(minutes, mib, strict=True) if t >= 1] or mib
        lines.append(f"| {label} | {warm[0]:.1f} | {min(warm):.1f}–{max(warm):.1f} | {mib[-1]:.1f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("run", type=Path)
    parser.add_argument("--png", type=Path, help="default: memory.png in the run's directory")
    args = parser.parse_args()
    png = args.png or args.run / "memory.png"
    series = plot(args.run, png)
    print(table(args.run))
    print()
    print(memory_summary(series))
    cpu = list(csv.DictReader((args.run / "cpu.csv").read_text(encoding="utf-8").splitlines()))
    if cpu:
        print(
            f"\nThe machine's CPU busy {sum(float(r['cpu_percent']) for r in cpu) / len(cpu):.0f} % on average, "
            f"load average {sum(float(r['load_1min']) for r in cpu) / len(cpu):.1f} (all processes, both cores)"
        )
    summary = args.run / "summary.json"
    if summary.exists():
        print()
        print(json.dumps(json.loads(summary.read_text())["worker"], indent=2, ensure_ascii=False))
    print(f"\nPlot: {png}")


if __name__ == "__main__":
    main()
