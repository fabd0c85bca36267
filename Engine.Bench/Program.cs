using Engine.Bench.Kv;

namespace Engine.Bench;

/// <summary>The benchmark entry point: dispatches verbs (the KV workload driver, memory and codec runs, micro-benchmarks).</summary>
/// <remarks>Stateless; runs on the main thread.</remarks>
internal static class Program
{
    private const string Usage =
        """
        usage: Engine.Bench VERB [args]

        verbs:
          kv DIR [flags]   db_bench-style workloads against the LSM store, printed as the peers rig's JSON lines
                           (Engine.Bench kv --help for the flags)
          memory DIR [flags] a long random read/write run checking accounted memory against the cache and
                           memtable budgets (Engine.Bench memory --help)
          codec [flags]      the LZ4 block codec's ratio and throughput on table-like 4 KiB blocks
                           (--block-size B, --seconds S)
          crash-writer DIR   the child of the real-process crash test: Synced writes, each acknowledged on stdout
          local-open DIR [--hold] the child of the several-processes test: opens a local store and prints opened or
                           locked (exit 0 or 3); --hold keeps it open until a line arrives on stdin
          micro [flags]      BenchmarkDotNet micro-benchmarks of the hot paths with allocated bytes per operation,
                           checked against alloc-budget.json (Engine.Bench micro --help)
          sync [flags]       the sync store against the SQLite backend in one process: write+pack, unpack+read,
                           indexed reads, diff, cleanup; JSON lines and a markdown table (Engine.Bench sync --help)
          sync-write [flags] StartNewSync, PutGrants of N grants in batches, EndSync, Close: grants/s, bytes/grant, peak RSS
                           (--grants N, --batch B, --pack, --backend lsm|sqlite, --dir D)
          v1-import FILE [--dir D] [--write-buffer-mb N]  imports a reference v1 .c1z into a new sync store in a scratch directory and prints
                           the time, rows/s, peak working set, peak managed heap and the store's memory budgets
          local [flags]      the local-first stores against SQLite in one process: key-value latencies, batches, document
                           queries, blobs, time series, encryption's cost; JSON lines and markdown tables (Engine.Bench local --help)
          gateway [flags]    the sync gateway over HTTP on loopback: push and pull ops/s and latency at 1, 4, 16 devices
                           for the embedded store, SQLite and PostgreSQL (Engine.Bench gateway --help)

        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(Usage);
            return 0;
        }

        switch (args[0])
        {
            case "kv":
                return KvCommand.Run(args[1..]);
            case "codec":
                return Codec.CodecCommand.Run(args[1..]);
            case "crash-writer":
                return Crash.CrashWriterCommand.Run(args[1..]);
            case "local-open":
                return Crash.LocalOpenCommand.Run(args[1..]);
            case "memory":
                return Memory.MemoryCommand.Run(args[1..]);
            case "micro":
                return Micro.MicroCommand.Run(args[1..]);
            case "sync":
                return Sync.SyncCommand.Run(args[1..]);
            case "sync-write":
                return SyncWrite.SyncWriteCommand.Run(args[1..]);
            case "v1-import":
                return V1.V1ImportCommand.Run(args[1..]);
            case "local":
                return Local.LocalCommand.Run(args[1..]);
            case "gateway":
                return Gateway.GatewayBench.RunAsync(args[1..]).GetAwaiter().GetResult();
            default:
                Console.Error.Write($"Engine.Bench: unknown verb '{args[0]}'\n{Usage}");
                return 2;
        }
    }
}
