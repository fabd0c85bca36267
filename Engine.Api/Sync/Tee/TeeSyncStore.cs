using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Runs two sync stores side by side: every write goes to both (the primary first), every read is answered by the
/// primary and compared with the secondary's answer, and each disagreement is reported as a <see cref="TeeDivergence"/>
/// (callback, <c>ILogger</c> warning, the <see cref="DivergenceCounterName"/> counter, and optionally an exception).
/// Used to prove that our LSM store answers as the SQLite reference backend does.
/// </summary>
/// <remarks>
/// <para>
/// The comparison rules: rows whose order the reference leaves unspecified compare as multisets, rows whose order it
/// specifies compare as sequences (each method's documentation says which). Page tokens are engine-private, so a paged
/// listing is compared once, whole, when the primary's listing ends (see <see cref="ListResources"/>). Errors compare by
/// <see cref="StorageErrorCode"/> (other exceptions by type): when the primary fails, the secondary must fail alike and
/// the primary's exception is rethrown. Sync ids differ between engines; the tee learns the pairs from the calls that
/// create syncs and translates arguments and the secondary's answers. Instants taken from "now" compare within
/// <see cref="TeeOptions.TimestampTolerance"/>. Engine-specific answers (<see cref="Metadata"/>,
/// <see cref="OutputPath"/>, <see cref="CurrentSizeBytes"/>, <see cref="VerifyIndexes"/>,
/// <see cref="GrantsForEntitlementPrincipalSorted"/>) come from the primary alone.
/// </para>
/// <para>
/// The tee owns both stores: <see cref="Close"/> and <see cref="Dispose"/> close both. Thread-safety is that of the
/// stores (one writer, reads from any thread); the tee's own bookkeeping (id pairs, open listings) is locked.
/// </para>
/// </remarks>
public sealed partial class TeeSyncStore : ISyncStore
{
    /// <summary>The name of the tee's <see cref="Meter"/>.</summary>
    public const string MeterName = "Engine.Sync.Tee";

    /// <summary>The counter of divergences, tagged with <c>method</c>.</summary>
    public const string DivergenceCounterName = "engine.sync.tee.divergences";

    private readonly ISyncStore _primary;
    private readonly ISyncStore _secondary;
    private readonly TeeOptions _options;
    private readonly SyncIdMap _ids;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _divergences;
    private readonly TeeGrantStore _grants;
    private readonly TeeSyncMeta _syncMeta;
    private readonly TeeFileOps _fileOps;
    private readonly TeeSessionStore _sessions;
    private bool _disposed;

    /// <summary>Builds a tee over <paramref name="primary"/> (which answers) and <paramref name="secondary"/> (which is compared); the tee owns both.</summary>
    /// <exception cref="ArgumentNullException">A store is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp tolerance is negative.</exception>
    public TeeSyncStore(ISyncStore primary, ISyncStore secondary, TeeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(secondary);
        options ??= TeeOptions.Default;
        options.Validate();
        _primary = primary;
        _secondary = secondary;
        _options = options;
        _ids = new SyncIdMap(options.SyncIds);
        _ownsMeter = options.MeterFactory is null;
        _meter = options.MeterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _divergences = _meter.CreateCounter<long>(DivergenceCounterName, "{divergence}", "Answers on which the tee's two sync stores disagree.");
        _grants = new TeeGrantStore(this);
        _syncMeta = new TeeSyncMeta(this, options.TimestampTolerance);
        _fileOps = new TeeFileOps(this);
        _sessions = new TeeSessionStore(this);
    }

    /// <summary>The store that answers.</summary>
    public ISyncStore Primary => _primary;

    /// <summary>The store compared with the primary.</summary>
    public ISyncStore Secondary => _secondary;

    /// <summary>The sync ids learned so far (primary id to secondary id); ids not listed are the same in both stores.</summary>
    public IReadOnlyDictionary<string, string> SyncIds => _ids.Snapshot();

    /// <summary>The grant-expansion bookkeeping, teed.</summary>
    public IGrantStore Grants => _grants;

    /// <summary>Sync-run metadata and stats, teed.</summary>
    public ISyncMeta SyncMeta => _syncMeta;

    /// <summary>Clones and diffs, teed; the secondary's clone files go to <see cref="TeeOptions.SecondaryOutputPath"/>.</summary>
    public IFileOps FileOps => _fileOps;

    /// <summary>Session data, teed.</summary>
    public ISessionStore Sessions => _sessions;

    /// <summary>The primary's dirty flag, compared with the secondary's.</summary>
    public bool IsDirty => Read("ISyncStore.IsDirty", () => "", s => s.IsDirty, s => s.IsDirty, ValueComparison<bool>.Default);

    /// <summary>The primary's read-only flag, compared with the secondary's.</summary>
    public bool IsReadOnly => Read("ISyncStore.IsReadOnly", () => "", s => s.IsReadOnly, s => s.IsReadOnly, ValueComparison<bool>.Default);

    /// <summary>The primary's output path (engine-specific; not compared).</summary>
    public string OutputPath => _primary.OutputPath;

    /// <summary>The primary's engine, format and encoding (engine-specific; not compared).</summary>
    public StoreMetadata Metadata => _primary.Metadata;

    /// <summary>The primary's answer (engine-specific: SQLite false, ours true; not compared).</summary>
    public bool GrantsForEntitlementPrincipalSorted => _primary.GrantsForEntitlementPrincipalSorted;

    /// <summary>The primary's working-set size (engine-specific; not compared).</summary>
    public long CurrentSizeBytes() => _primary.CurrentSizeBytes();

    /// <summary>The primary's index check (each engine has its own indexes; not compared).</summary>
    public IndexVerifyReport VerifyIndexes(string? syncId = null) => _primary.VerifyIndexes(syncId);

    /// <summary>Closes both stores (saving each when dirty and writable); a failure of either is compared like any error.</summary>
    public void Close()
    {
        Write("ISyncStore.Close", () => "", s => s.Close(), s => s.Close());
    }

    /// <summary>Disposes both stores and the tee's own meter.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _primary.Dispose();
        }
        finally
        {
            _secondary.Dispose();
            if (_ownsMeter)
            {
                _meter.Dispose();
            }
        }
    }
}
