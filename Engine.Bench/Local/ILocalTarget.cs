namespace Engine.Bench.Local;

/// <summary>
/// One backend under the local verb, opened on a directory of its own for one run: our <see cref="EngineTarget"/>
/// (plain or encrypted) or <see cref="SqliteTarget"/>. The workloads drive both through these interfaces, so they run
/// the same code and only the storage calls differ.
/// </summary>
internal interface ILocalTarget : IKeyValueTarget, IDocumentTarget, IBlobTarget, ITimeSeriesTarget, IDisposable
{
    /// <summary>The name in the JSON lines and the table.</summary>
    string Name { get; }

    /// <summary>
    /// Moves what was just loaded out of the write path, untimed, so the timed reads find it where a long-running store
    /// keeps it: our engine flushes its memtable into a table, SQLite checkpoints its WAL into the database file.
    /// </summary>
    void Settle();
}
