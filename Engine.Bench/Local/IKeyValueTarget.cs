namespace Engine.Bench.Local;

/// <summary>Small binary keys and values: our key-value store, or a SQLite table <c>(ns, key, value)</c> WITHOUT ROWID.</summary>
internal interface IKeyValueTarget
{
    /// <summary>Reads <paramref name="key"/>; true when it is there.</summary>
    ValueTask<bool> GetAsync(byte[] key);

    /// <summary>Writes <paramref name="key"/> (one commit).</summary>
    ValueTask PutAsync(byte[] key, byte[] value);

    /// <summary>Deletes <paramref name="key"/> (one commit); true when it was there.</summary>
    ValueTask<bool> DeleteAsync(byte[] key);

    /// <summary>Writes every pair in one atomic commit (a write batch, a SQLite transaction).</summary>
    ValueTask PutBatchAsync(byte[][] keys, byte[][] values);
}
