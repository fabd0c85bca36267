using System.Collections.Generic;
using System.Threading;

namespace Engine.Lsm.Bloom;

/// <summary>
/// Keeps a few <see cref="BloomFilterBuilder"/>s between table writes, so each flush and compaction output reuses a
/// hash buffer that has already grown to a table's key count instead of growing a new one on the large-object heap.
/// </summary>
/// <remarks>
/// At most <see cref="MaxRetained"/> builders are kept (one per concurrent table writer in practice: a flush and a few
/// compaction tasks); a builder returned beyond that goes to the GC. Thread-safe.
/// </remarks>
internal sealed class BloomBuilderPool
{
    /// <summary>The most builders kept between uses.</summary>
    public const int MaxRetained = 4;

    private readonly Stack<BloomFilterBuilder> _free = new();
    private readonly Lock _lock = new();

    /// <summary>A builder with no hashes.</summary>
    public BloomFilterBuilder Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out BloomFilterBuilder? builder))
            {
                return builder;
            }
        }

        return new BloomFilterBuilder();
    }

    /// <summary>Takes back a builder that <see cref="Rent"/> handed out; the caller no longer uses it.</summary>
    public void Return(BloomFilterBuilder builder)
    {
        builder.Reset();
        lock (_lock)
        {
            if (_free.Count < MaxRetained)
            {
                _free.Push(builder);
            }
        }
    }
}
