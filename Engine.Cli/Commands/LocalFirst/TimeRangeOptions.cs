using System;
using System.CommandLine;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>The <c>[--from, --to)</c> range of <c>ts query</c> and <c>ts aggregate</c>; each side open by default.</summary>
internal sealed class TimeRangeOptions
{
    private readonly Option<string?> _from = new("--from") { Description = "The start of the range, included (ISO 8601; default: the beginning of time)." };
    private readonly Option<string?> _to = new("--to") { Description = "The end of the range, excluded (ISO 8601; default: the end of time)." };

    public void AddTo(Command command)
    {
        command.Add(_from);
        command.Add(_to);
    }

    /// <summary>The range; an end before the start is a usage error.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Parse(ParseResult parse)
    {
        DateTimeOffset from = parse.GetValue(_from) is { } start ? LocalFirstText.Instant(start, "--from") : DateTimeOffset.MinValue;
        DateTimeOffset to = parse.GetValue(_to) is { } end ? LocalFirstText.Instant(end, "--to") : DateTimeOffset.MaxValue;
        if (to < from)
        {
            throw new CliException(ExitCodes.Usage, "--to comes before --from");
        }

        return (from, to);
    }
}
