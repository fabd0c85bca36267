using Microsoft.Extensions.ObjectPool;

namespace Engine.Lsm.Bloom;

/// <summary>
/// Keeps a few <see cref="BloomFilterBuilder"/>s between table writes, so each flush and compaction output reuses a
/// hash buffer that has already grown to a table's key count instead of growing a new one on the large-object heap.
/// </summary>
/// <remarks>
/// A <see cref="DefaultObjectPool{T}"/> with a policy that empties a builder when it comes back. At most
/// <see cref="MaxRetained"/> builders are kept (one per concurrent table writer in practice: a flush and a few
/// compaction tasks); a builder returned beyond that goes to the GC. Thread-safe.
/// </remarks>
internal sealed class BloomBuilderPool : DefaultObjectPool<BloomFilterBuilder>
{
    /// <summary>The most builders kept between uses.</summary>
    public const int MaxRetained = 4;

    public BloomBuilderPool()
        : base(new EmptyOnReturnPolicy(), MaxRetained)
    {
    }

    /// <summary>Makes builders and empties the ones returned, so <see cref="ObjectPool{T}.Get"/> hands out builders with no hashes.</summary>
    private sealed class EmptyOnReturnPolicy : PooledObjectPolicy<BloomFilterBuilder>
    {
        public override BloomFilterBuilder Create() => new();

        public override bool Return(BloomFilterBuilder obj)
        {
            obj.Reset();
            return true;
        }
    }
}
