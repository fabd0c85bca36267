using System.Globalization;
using System.Text;
using Engine.Lsm.Options;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Prints operations in the log's text form, one per line: the kind's name, then its arguments separated by single
/// spaces (<see cref="OpKind"/> lists each form). <see cref="OpLogReader"/> reads it back to equal operations.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class OpLogWriter
{
    /// <summary>The first line of every written log; the reader accepts logs without it.</summary>
    public const string Banner = "# engine metamorphic operation log v1";

    /// <summary>The whole log: the banner, the seeds, any <paramref name="comments"/> (each made a comment line), the operations.</summary>
    public static string Write(OpLog log, IEnumerable<string>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        StringBuilder text = new();
        text.Append(Banner).Append('\n');
        if (log.Seed is int seed)
        {
            text.Append(CultureInfo.InvariantCulture, $"# seed {seed}\n");
        }

        if (log.OptionsSeed is int optionsSeed)
        {
            text.Append(CultureInfo.InvariantCulture, $"# options-seed {optionsSeed}\n");
        }

        foreach (string comment in comments ?? [])
        {
            foreach (string line in comment.Split('\n'))
            {
                text.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        foreach (MetamorphicOp op in log.Ops)
        {
            text.Append(Format(op)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One operation as a line, without the line break.</summary>
    public static string Format(MetamorphicOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        string name = OpNames.Of(op.Kind);
        return op.Kind switch
        {
            OpKind.Put => Join(name, op.Key, op.Value, DurabilityText(op.Durability)),
            OpKind.Delete => Join(name, op.Key, DurabilityText(op.Durability)),
            OpKind.DeleteRange => Join(name, op.Key, op.End, DurabilityText(op.Durability)),
            OpKind.BatchNew or OpKind.BatchAbort => Join(name, Handle("b", op.Handle)),
            OpKind.BatchPut => Join(name, Handle("b", op.Handle), op.Key, op.Value),
            OpKind.BatchDelete => Join(name, Handle("b", op.Handle), op.Key),
            OpKind.BatchDeleteRange => Join(name, Handle("b", op.Handle), op.Key, op.End),
            OpKind.BatchCommit => Join(name, Handle("b", op.Handle), DurabilityText(op.Durability)),
            OpKind.Get => Join(name, op.Key),
            OpKind.SnapshotNew or OpKind.SnapshotClose => Join(name, Handle("s", op.Handle)),
            OpKind.SnapshotGet => Join(name, Handle("s", op.Handle), op.Key),
            OpKind.IterNew => Join(name, Handle("it", op.Handle), ReadSpecText(op.Read, scan: false)),
            OpKind.IterFirst or OpKind.IterLast or OpKind.IterNext or OpKind.IterPrev or OpKind.IterClose => Join(name, Handle("it", op.Handle)),
            OpKind.IterSeekGE or OpKind.IterSeekLT => Join(name, Handle("it", op.Handle), op.Key),
            OpKind.Scan => Join(name, ReadSpecText(op.Read, scan: true)),
            OpKind.Compact => Join(name, op.Key ?? "*", op.End ?? "*"),
            OpKind.Checkpoint or OpKind.CheckpointOpen => Join(name, Handle("c", op.Handle)),
            OpKind.Crash => Join(name, op.Seed.ToString(CultureInfo.InvariantCulture)),
            _ => name,
        };
    }

    /// <summary>The durability argument: null (omitted) for the default, flushed.</summary>
    public static string? DurabilityText(Durability durability) => durability switch
    {
        Durability.Buffered => "buffered",
        Durability.Synced => "synced",
        _ => null,
    };

    private static string Handle(string prefix, int number) => prefix + number.ToString(CultureInfo.InvariantCulture);

    private static string? ReadSpecText(ReadSpec? spec, bool scan)
    {
        if (spec is null)
        {
            return null;
        }

        List<string> parts = [];
        if (spec.Lower is not null)
        {
            parts.Add("lower=" + spec.Lower);
        }

        if (spec.Upper is not null)
        {
            parts.Add("upper=" + spec.Upper);
        }

        if (spec.Prefix is not null)
        {
            parts.Add("prefix=" + spec.Prefix);
        }

        if (spec.Snapshot is int snapshot)
        {
            parts.Add("snap=" + Handle("s", snapshot));
        }

        if (scan && spec.Reverse)
        {
            parts.Add("reverse");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => p is not null));
}
