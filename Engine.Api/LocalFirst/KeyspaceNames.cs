using System.Collections.Generic;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst;

/// <summary>
/// The distinct names that open the keys of a keyspace whose keys start with a tuple string: the collections of the
/// document keyspaces, the series of the time-series keyspaces. Used by tools that list what a store holds.
/// </summary>
/// <remarks>
/// A skip scan: after reading one name the cursor seeks past every key under that name, so the cost grows with the
/// number of names, not of keys. Reads one consistent state per call. Stateless; thread-safe.
/// </remarks>
internal static class KeyspaceNames
{
    /// <summary>The names under <paramref name="keyspaces"/>, merged, in ordinal order and without repeats.</summary>
    /// <exception cref="CorruptionException">A key of one of the keyspaces does not start with a tuple string.</exception>
    public static IReadOnlyList<string> List(LocalStore store, params byte[] keyspaces)
    {
        store.ThrowIfDisposed();
        SortedSet<string> names = new(System.StringComparer.Ordinal);
        using Snapshot snapshot = store.Database.GetSnapshot();
        foreach (byte keyspace in keyspaces)
        {
            using DatabaseIterator it = store.Database.NewIterator(new ReadOptions { Range = KeyRange.Prefix([keyspace]), Snapshot = snapshot });
            it.First();
            while (it.Valid)
            {
                TupleReader reader = new(it.Key[1..]);
                if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
                {
                    throw new CorruptionException(store.Directory, it.Key, "a key of a named keyspace does not start with a string");
                }

                names.Add(reader.GetString());

                // Past every key of this name: its encoded string ends in the terminator 0x00, and what follows in
                // its keys (a tuple type code, a time series' sign-flipped timestamp) is below 0xFF, while a longer
                // name that continues with an escaped NUL (0x00 0xFF) must still be visited, so the target is the
                // encoded name followed by 0xFF, not the prefix's successor.
                int nameEnd = 1 + reader.Position;
                byte[] next = new byte[nameEnd + 1];
                it.Key[..nameEnd].CopyTo(next);
                next[nameEnd] = TupleCodec.EscapeByte;
                it.SeekGE(next);
            }
        }

        return [.. names];
    }

    /// <summary>The collections that hold documents or index definitions.</summary>
    public static IReadOnlyList<string> Collections(LocalStore store) => List(store, Keyspaces.Document, Keyspaces.IndexDefinition);

    /// <summary>The time series that hold points or a retention.</summary>
    public static IReadOnlyList<string> Series(LocalStore store) => List(store, Keyspaces.TimeSeries, Keyspaces.TimeSeriesMeta);
}
