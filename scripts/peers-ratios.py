#!/usr/bin/env python3
"""Ours against each peer in one results file of ../shared/peers/run-all.sh, and the benchmark issue's floor.

usage: scripts/peers-ratios.py RESULTS.jsonl [--cache-mb 8] [--memtable-mb 96]

Prints, as markdown: the ratio of our median ops/s over each peer's per workload (medians over the rounds of the same
run), then each floor condition with its measured value and whether it holds. --memtable-mb is our memtable budget
(write buffer x (1 + frozen memtables)): the memory condition is peak RSS <= 1.2 x (cache + memtables) + 128 MiB.
"""
import argparse
import json
import statistics
from collections import defaultdict

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("--cache-mb", type=float, default=8)
parser.add_argument("--memtable-mb", type=float, default=96)
parser.add_argument("--ours", default="ours")
args = parser.parse_args()

rows = [json.loads(line) for line in open(args.results) if line.strip()]
runs = defaultdict(list)
for r in rows:
    runs[r["workload"] + (f" [{r['label']}]" if r.get("label") else ""), r["engine"]].append(r)
peers = [e for e in dict.fromkeys(r["engine"] for r in rows) if e != args.ours]
workloads = [w for w in dict.fromkeys(w for w, _ in runs) if not w.startswith("compact")]


def ops(w, e):
    return statistics.median(r["ops_per_sec"] for r in runs[w, e]) if (w, e) in runs else None


def ratio(w, e):
    ours, peer = ops(w, args.ours), ops(w, e)
    return None if ours is None or not peer else ours / peer


def disk(w, e):
    return statistics.median(r["bytes_on_disk"] for r in runs[w, e]) if (w, e) in runs else None


print("| workload | " + " | ".join(f"/ {p}" for p in peers) + " |")
print("|---|" + "---:|" * len(peers))
for w in workloads:
    cells = [ratio(w, p) for p in peers]
    print(f"| {w} | " + " | ".join("–" if c is None else f"{c:.2f}" for c in cells) + " |")
print()

floor = []
for w in ["fillseq", "fillrandom", "overwrite", "readrandom", "readmissing", "seekrandom", "scanall"]:
    if "rocksdb" in peers:
        floor.append((f"{w} ≥ 1.0× RocksDB", ratio(w, "rocksdb"), 1.0))
    if "leveldb" in peers:
        floor.append((f"{w} ≥ 0.5× LevelDB", ratio(w, "leveldb"), 0.5))
for w in ["fillrandom", "overwrite"]:
    if "sqlite" in peers:
        floor.append((f"{w} ≥ 5× SQLite", ratio(w, "sqlite"), 5.0))
print("| condition | measured | holds |")
print("|---|---:|:---:|")
for name, value, limit in floor:
    print(f"| {name} | {'–' if value is None else f'{value:.2f}'} | {'yes' if value is not None and value >= limit else 'NO'} |")
ours_disk, rocks_disk = disk("compact", args.ours), disk("compact", "rocksdb")
if ours_disk and rocks_disk:
    r = ours_disk / rocks_disk
    print(f"| on disk after fillrandom + compaction ≤ 1.1× RocksDB | {r:.3f} ({ours_disk / 2**20:.1f} / {rocks_disk / 2**20:.1f} MiB) | {'yes' if r <= 1.1 else 'NO'} |")
peak = max(r["peak_rss_mb"] for r in rows if r["engine"] == args.ours)
budget = 1.2 * (args.cache_mb + args.memtable_mb) + 128
print(f"| peak RSS ≤ 1.2 × ({args.cache_mb:g} + {args.memtable_mb:g}) + 128 = {budget:.1f} MiB | {peak:.1f} MiB | {'yes' if peak <= budget else 'NO'} |")
