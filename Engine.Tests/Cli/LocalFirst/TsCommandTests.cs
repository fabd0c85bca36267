using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli.LocalFirst;

public sealed class TsCommandTests
{
    [Fact]
    public void Write_ThenSeriesQueryAndAggregate_ShowThePoints_AsTableAndJson()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "cpu", "--value", "0.5", "--at", "2026-12-06T10:00:00Z", "--tag", "host=a");
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "cpu", "--value", "1.5", "--at", "2026-12-06T10:00:30Z", "--tag", "host=b");
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "cpu", "--value", "2", "--at", "2026-12-06T10:01:10Z", "--tag", "host=a", "--tag", "dc=eu");
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "mem", "--value", "7", "--at", "2026-12-06T10:00:00+01:00");

        Assert.Contains("│ cpu    │ -         │", cli.Run(ExitCodes.Ok, "ts", "series").Out, StringComparison.Ordinal);
        Assert.Equal(2, cli.Run(ExitCodes.Ok, "ts", "series", "--json").Lines.Length);

        string table = cli.Run(ExitCodes.Ok, "ts", "query", "--series", "cpu").Out;
        Assert.Contains("│ 2026-12-06 10:01:10Z │ 2     │ dc=eu,host=a │", table, StringComparison.Ordinal);
        string[] hostA = cli.Run(ExitCodes.Ok, "ts", "query", "--series", "cpu", "--tag", "host=a", "--json").Lines;
        Assert.Equal([0.5, 2.0], hostA.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("value").GetDouble()));
        string[] ranged = cli.Run(ExitCodes.Ok, "ts", "query", "--series", "cpu", "--from", "2026-12-06T10:00:30Z", "--to", "2026-12-06T10:01:10Z", "--json").Lines;
        Assert.Equal(1.5, JsonDocument.Parse(Assert.Single(ranged)).RootElement.GetProperty("value").GetDouble());
        JsonElement mem = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "ts", "query", "--series", "mem", "--json").Out).RootElement;
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero), mem.GetProperty("timestamp").GetDateTimeOffset());

        Assert.Matches(@"│ 2026-12-06 10:00:00Z │ 2   │ 2      │", cli.Run(ExitCodes.Ok, "ts", "aggregate", "--series", "cpu", "--bucket", "1m", "--fn", "sum").Out);
        string[] counts = cli.Run(ExitCodes.Ok, "ts", "aggregate", "--series", "cpu", "--fn", "count", "--json").Lines;
        Assert.Equal(3, JsonDocument.Parse(Assert.Single(counts)).RootElement.GetProperty("value").GetDouble());
        JsonElement max = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "ts", "aggregate", "--series", "cpu", "--fn", "max", "--json").Out).RootElement;
        Assert.Equal(2.0, max.GetProperty("value").GetDouble());
    }

    [Fact]
    public void MissingSeriesAndStores_AreNotFound()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.NotFound, "ts", "series");
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "cpu", "--value", "1");
        cli.Run(ExitCodes.NotFound, "ts", "query", "--series", "gpu");
        cli.Run(ExitCodes.NotFound, "ts", "aggregate", "--series", "gpu");
    }

    [Fact]
    public void BadArguments_AreUsageErrors_AndALockedStoreIsRefused()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "ts", "write", "--series", "cpu", "--value", "1");
        cli.Run(ExitCodes.Usage, "ts", "query");
        cli.Run(ExitCodes.Usage, "ts", "write", "--series", "cpu", "--value", "high");
        cli.Run(ExitCodes.Usage, "ts", "write", "--series", "cpu", "--value", "1", "--at", "yesterday");
        cli.Run(ExitCodes.Usage, "ts", "query", "--series", "cpu", "--from", "2026-12-06", "--to", "2026-12-05");
        cli.Run(ExitCodes.Usage, "ts", "query", "--series", "cpu", "--tag", "host");
        cli.Run(ExitCodes.Usage, "ts", "aggregate", "--series", "cpu", "--fn", "median");
        cli.Run(ExitCodes.Usage, "ts", "aggregate", "--series", "cpu", "--bucket", "-1m");
        using (cli.Open())
        {
            cli.Run(ExitCodes.Refused, "ts", "series");
        }
    }
}
