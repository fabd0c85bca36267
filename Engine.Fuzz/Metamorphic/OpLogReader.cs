using System.Globalization;
using Engine.Core.Errors;
using Engine.Lsm.Options;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Parses the text form of a log (<see cref="OpLogWriter"/>): one operation per line; blank lines and lines starting
/// with <c>#</c> are skipped, except the header comments <c># seed N</c> and <c># options-seed N</c>.
/// </summary>
/// <remarks>
/// A line that is not an operation throws <see cref="CorruptionException"/> naming the file, the line's character offset
/// and its number. Only the form is checked here; whether handles are used in order is <see cref="OpLogValidator"/>'s
/// concern. Stateless; thread-safe.
/// </remarks>
internal static class OpLogReader
{
    /// <summary>Parses a whole log; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="CorruptionException">A line is malformed.</exception>
    public static OpLog Read(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<MetamorphicOp> ops = [];
        int? seed = null;
        int? optionsSeed = null;
        int offset = 0;
        int lineNumber = 0;
        while (offset < text.Length || (offset == text.Length && lineNumber == 0))
        {
            int end = text.IndexOf('\n', offset);
            end = end < 0 ? text.Length : end;
            string line = text[offset..end].Trim();
            lineNumber++;
            if (line.StartsWith('#'))
            {
                string[] header = Tokens(line[1..]);
                if (header.Length == 2 && header[0] is "seed" or "options-seed")
                {
                    int value = Int(header[1], path, offset, lineNumber);
                    if (header[0] == "seed")
                    {
                        seed = value;
                    }
                    else
                    {
                        optionsSeed = value;
                    }
                }
            }
            else if (line.Length > 0)
            {
                ops.Add(ParseLine(line, path, offset, lineNumber));
            }

            offset = end + 1;
        }

        return new OpLog(ops) { Seed = seed, OptionsSeed = optionsSeed };
    }

    /// <summary>Parses one operation line.</summary>
    /// <exception cref="CorruptionException">The line is not an operation.</exception>
    public static MetamorphicOp ParseLine(string line, string path = "<op>", long offset = 0, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] tokens = Tokens(line);
        if (tokens.Length == 0 || !OpNames.TryParse(tokens[0], out OpKind kind))
        {
            return Fail<MetamorphicOp>(path, offset, lineNumber, $"unknown operation '{(tokens.Length == 0 ? string.Empty : tokens[0])}'");
        }

        LineCursor args = new(tokens, path, offset, lineNumber);
        MetamorphicOp op = kind switch
        {
            OpKind.Put => new MetamorphicOp { Kind = kind, Key = args.Key(), Value = args.Value(), Durability = args.Durability() },
            OpKind.Delete => new MetamorphicOp { Kind = kind, Key = args.Key(), Durability = args.Durability() },
            OpKind.DeleteRange => new MetamorphicOp { Kind = kind, Key = args.Key(), End = args.Key(), Durability = args.Durability() },
            OpKind.BatchNew or OpKind.BatchAbort => new MetamorphicOp { Kind = kind, Handle = args.Handle("b") },
            OpKind.BatchPut => new MetamorphicOp { Kind = kind, Handle = args.Handle("b"), Key = args.Key(), Value = args.Value() },
            OpKind.BatchDelete => new MetamorphicOp { Kind = kind, Handle = args.Handle("b"), Key = args.Key() },
            OpKind.BatchDeleteRange => new MetamorphicOp { Kind = kind, Handle = args.Handle("b"), Key = args.Key(), End = args.Key() },
            OpKind.BatchCommit => new MetamorphicOp { Kind = kind, Handle = args.Handle("b"), Durability = args.Durability() },
            OpKind.Get => new MetamorphicOp { Kind = kind, Key = args.Key() },
            OpKind.SnapshotNew or OpKind.SnapshotClose => new MetamorphicOp { Kind = kind, Handle = args.Handle("s") },
            OpKind.SnapshotGet => new MetamorphicOp { Kind = kind, Handle = args.Handle("s"), Key = args.Key() },
            OpKind.IterNew => new MetamorphicOp { Kind = kind, Handle = args.Handle("it"), Read = args.ReadSpec(scan: false) },
            OpKind.IterFirst or OpKind.IterLast or OpKind.IterNext or OpKind.IterPrev or OpKind.IterClose => new MetamorphicOp { Kind = kind, Handle = args.Handle("it") },
            OpKind.IterSeekGE or OpKind.IterSeekLT => new MetamorphicOp { Kind = kind, Handle = args.Handle("it"), Key = args.Key() },
            OpKind.Scan => new MetamorphicOp { Kind = kind, Read = args.ReadSpec(scan: true) },
            OpKind.Compact => new MetamorphicOp { Kind = kind, Key = args.KeyOrUnbounded(), End = args.KeyOrUnbounded() },
            OpKind.Checkpoint or OpKind.CheckpointOpen => new MetamorphicOp { Kind = kind, Handle = args.Handle("c") },
            OpKind.Crash => new MetamorphicOp { Kind = kind, Seed = args.Seed() },
            _ => new MetamorphicOp { Kind = kind },
        };
        args.EnsureConsumed();
        return op;
    }

    private static string[] Tokens(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static int Int(string token, string path, long offset, int lineNumber) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : Fail<int>(path, offset, lineNumber, $"'{token}' is not a number");

    private static T Fail<T>(string path, long offset, int lineNumber, string reason) =>
        ThrowHelper.ThrowCorruption<T>(path, offset, $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}: {reason}");

    /// <summary>The arguments of one line, consumed left to right.</summary>
    private sealed class LineCursor(string[] tokens, string path, long offset, int lineNumber)
    {
        private int _next = 1;

        public string Key()
        {
            string token = Take("a key");
            return KeyText.TryNormalize(token, out string? key) ? key : Fail<string>($"'{token}' is not a key");
        }

        public string? KeyOrUnbounded() => Peek() == "*" ? Skip() : Key();

        public string Value()
        {
            string token = Take("a value");
            return ValueToken.IsValid(token) ? token : Fail<string>($"'{token}' is not a value token (empty or vID.LEN)");
        }

        public Durability Durability()
        {
            switch (Peek())
            {
                case "buffered":
                    Skip();
                    return Lsm.Options.Durability.Buffered;
                case "flushed":
                    Skip();
                    return Lsm.Options.Durability.Flushed;
                case "synced":
                    Skip();
                    return Lsm.Options.Durability.Synced;
                default:
                    return Lsm.Options.Durability.Flushed;
            }
        }

        public int Handle(string prefix)
        {
            string token = Take(prefix + "N");
            return token.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(token.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                && (token.Length == prefix.Length + 1 || token[prefix.Length] != '0')
                ? number
                : Fail<int>($"'{token}' is not a handle {prefix}N");
        }

        public int Seed()
        {
            string token = Take("a seed");
            return Int(token, path, offset, lineNumber);
        }

        public ReadSpec? ReadSpec(bool scan)
        {
            ReadSpec spec = Metamorphic.ReadSpec.Unbounded;
            HashSet<string> seen = [];
            while (Peek() is string token)
            {
                Skip();
                int equals = token.IndexOf('=', StringComparison.Ordinal);
                string name = equals < 0 ? token : token[..equals];
                string argument = equals < 0 ? string.Empty : token[(equals + 1)..];
                if (!seen.Add(name))
                {
                    return Fail<ReadSpec>($"'{name}' is given twice");
                }

                spec = name switch
                {
                    "lower" when KeyText.TryNormalize(argument, out string? key) => spec with { Lower = key },
                    "upper" when KeyText.TryNormalize(argument, out string? key) => spec with { Upper = key },
                    "prefix" when KeyText.TryNormalize(argument, out string? key) => spec with { Prefix = key },
                    "snap" => spec with { Snapshot = new LineCursor(["snap", argument], path, offset, lineNumber).Handle("s") },
                    "reverse" when scan && equals < 0 => spec with { Reverse = true },
                    _ => Fail<ReadSpec>($"'{token}' is not a read bound (lower=K upper=K prefix=K snap=sN{(scan ? " reverse" : string.Empty)})"),
                };
            }

            return spec == Metamorphic.ReadSpec.Unbounded ? null : spec;
        }

        public void EnsureConsumed()
        {
            if (_next < tokens.Length)
            {
                Fail<int>($"unexpected '{tokens[_next]}' after the arguments of {tokens[0]}");
            }
        }

        private string? Peek() => _next < tokens.Length ? tokens[_next] : null;

        private string? Skip()
        {
            _next++;
            return null;
        }

        private string Take(string what) =>
            _next < tokens.Length ? tokens[_next++] : Fail<string>($"{tokens[0]} needs {what}");

        private T Fail<T>(string reason) => OpLogReader.Fail<T>(path, offset, lineNumber, reason);
    }
}
