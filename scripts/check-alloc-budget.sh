#!/usr/bin/env bash
# Runs the BenchmarkDotNet micro-benchmarks of the hot paths in quick mode and checks the allocated bytes per operation
# of each against Engine.Bench/Micro/alloc-budget.json (exit 1 when one exceeds its budget or has none).
# Quick mode measures allocations, not time; for timings run: Engine.Bench micro (docs/benchmarks.md).
#   scripts/check-alloc-budget.sh [--no-build] [--filter TEXT]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  dotnet build Engine.Bench -c Release -v quiet
fi
dotnet Engine.Bench/bin/Release/net10.0/Engine.Bench.dll micro --quick --budget Engine.Bench/Micro/alloc-budget.json "$@"
