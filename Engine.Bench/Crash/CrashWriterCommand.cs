using System.Globalization;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

namespace Engine.Bench.Crash;

/// <summary>
/// The <c>crash-writer</c> verb: the child of the real-process crash test. Writes key 0, 1, 2, … with Synced
/// durability into a store on the local disk and prints each number to stdout once its write is acknowledged, until
/// it is killed. Small memtables and tables keep flushes and compactions running when the kill lands.
/// </summary>
/// <remarks>
/// It starts one past the highest key the store holds, so each run extends the prefix. The parent (Engine.Tests,
/// <c>LsmProcessCrashTests</c>) kills it with SIGKILL, reopens the store and checks that every acknowledged key is
/// present and that the keys present are exactly 0..k: no holes, nothing invented.
/// Stateless; one thread.
/// </remarks>
internal static class CrashWriterCommand
{
    /// <summary>The options the child and the checking parent both open the store with.</summary>
    public static LsmOptions StoreOptions { get; } = new()
    {
        WriteBufferSizeBytes = 16 << 10,
        TargetFileSizeBytes = 16 << 10,
        LevelBaseMaxBytes = 64 << 10,
        L0CompactionTrigger = 2,
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Engine.Bench crash-writer DIR");
            return 2;
        }

        using LsmDatabase db = LsmDatabase.Open(args[0], StoreOptions);
        for (long i = NextKey(db); ; i++)
        {
            db.Put(Key(i), Value(i), WriteOptions.Synced);
            Console.Out.WriteLine(i.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }
    }

    /// <summary>One past the highest key the store holds: each run extends the prefix the last one left.</summary>
    private static long NextKey(LsmDatabase db)
    {
        using DbIterator it = db.NewIterator(new IteratorOptions());
        it.Last();
        return it.Valid ? long.Parse(System.Text.Encoding.ASCII.GetString(it.Key[3..]), CultureInfo.InvariantCulture) + 1 : 0;
    }

    /// <summary>The key of write <paramref name="i"/>: sortable decimal digits.</summary>
    public static byte[] Key(long i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D12}");

    /// <summary>The value of write <paramref name="i"/>: derived from it, so a recovered value can be checked.</summary>
    public static byte[] Value(long i) => System.Text.Encoding.ASCII.GetBytes($"value-{i}-{new string((char)('a' + (i % 26)), (int)(i % 64))}");
}
