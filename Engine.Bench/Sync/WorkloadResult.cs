namespace Engine.Bench.Sync;

/// <summary>What a workload reports besides its time: the records it handled and the sizes it saw (-1: not measured).</summary>
internal readonly record struct WorkloadResult(long Records, long StoreBytes = -1, long PackedBytes = -1);
