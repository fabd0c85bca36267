using System;
using System.CommandLine;
using Engine.Api;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>The key range of <c>kv scan</c> and <c>kv count</c>: <c>--prefix</c>, or <c>--start</c> and/or <c>--end</c> (<c>[start, end)</c>).</summary>
internal sealed class KvRangeOptions
{
    private readonly Option<string?> _prefix = new("--prefix") { Description = "Only keys starting with this prefix." };
    private readonly Option<string?> _start = new("--start") { Description = "The first key of the range (included)." };
    private readonly Option<string?> _end = new("--end") { Description = "The end of the range (excluded)." };

    public void AddTo(Command command)
    {
        command.Add(_prefix);
        command.Add(_start);
        command.Add(_end);
    }

    /// <summary>The range asked for (all keys when none is given); a prefix with bounds is a usage error.</summary>
    public KeyRange Parse(ParseResult parse, bool hex)
    {
        string? prefix = parse.GetValue(_prefix);
        string? start = parse.GetValue(_start);
        string? end = parse.GetValue(_end);
        if (prefix is not null)
        {
            if (start is not null || end is not null)
            {
                throw new CliException(ExitCodes.Usage, "--prefix excludes --start and --end");
            }

            return KeyRange.Prefix(ByteText.Parse(prefix, hex, "--prefix"));
        }

        byte[]? lower = start is null ? null : ByteText.Parse(start, hex, "--start");
        byte[]? upper = end is null ? null : ByteText.Parse(end, hex, "--end");
        if (lower is not null && upper is not null && lower.AsSpan().SequenceCompareTo(upper) > 0)
        {
            throw new CliException(ExitCodes.Usage, "--start comes after --end");
        }

        return KeyRange.Between(lower, upper);
    }
}
