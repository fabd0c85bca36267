#!/usr/bin/env bash
# Profiles one Engine.Bench workload with dotnet-trace and prints the top frames by exclusive time.
#
#   scripts/profile.sh kv --n 200000          # the arguments go to Engine.Bench after the workload name
#   scripts/profile.sh kv --n 200000 --keep   # also keep the trace and a speedscope copy (paths printed)
#
# The trace carries the runtime's events, the sampled thread stacks (~100 Hz) and the engine's own EventSource
# ("Engine": flushes, compactions, stalls, slow sync operations, the sync lifecycle). The sampler records every thread,
# blocked ones too, so the frames of threads that only wait (Monitor.Wait, the finalizer, thread-pool parking) are
# filtered out of the listing to leave the frames that burned CPU. TOP=25 lists more frames. See docs/profiling.md.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: scripts/profile.sh WORKLOAD [Engine.Bench arguments...] [--keep]" >&2
  exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
workload="$1"
shift
keep=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--keep" ]; then keep=true; else args+=("$arg"); fi
done

# dotnet-trace as a local tool (dotnet-tools.json pins its version).
if ! dotnet dotnet-trace --version >/dev/null 2>&1; then
  dotnet tool restore >/dev/null
fi

bench="Engine.Bench/bin/Release/net10.0/Engine.Bench.dll"
dotnet build Engine.Bench -c Release -v q -nologo >/dev/null

work="$(mktemp -d)"
trap '[ "$keep" = true ] || rm -rf "$work"' EXIT
trace="$work/$workload.nettrace"

# Workloads that take a store directory get a fresh one as their first argument.
case "$workload" in
  kv) target=("$workload" "$work/store" "${args[@]}") ;;
  *) target=("$workload" "${args[@]}") ;;
esac

dotnet dotnet-trace collect \
  --profile dotnet-common,dotnet-sampled-thread-time \
  --providers Engine \
  -o "$trace" \
  -- dotnet "$bench" "${target[@]}" >&2

echo "Top frames by exclusive time (waiting threads left out):"
dotnet dotnet-trace report "$trace" topN -n 60 \
  | grep -vE 'Monitor\.Wait|WaitHandle|WaitOne|LowLevelLifoSemaphore|LowLevelMonitor|DestroyScout\.Finalize|Thread\.Sleep|WaitForSignal|Semaphore.*Wait|PortableThreadPool.*Wait|SocketAsyncEngine|EventPipe' \
  | head -n "$((${TOP:-15} + 1))"

if [ "$keep" = true ]; then
  dotnet dotnet-trace convert --format speedscope "$trace" >/dev/null
  echo "trace: $trace"
  echo "speedscope: ${trace%.nettrace}.speedscope.json (open at https://www.speedscope.app)"
fi
