using System.Text;
using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli.LocalFirst;

public sealed class BlobCommandTests
{
    [Fact]
    public void Put_ThenListInfoAndGet_ReturnTheBytes_AsTableAndJson()
    {
        using LocalFirstCli cli = new();
        string source = cli.Combine("in.bin");
        byte[] bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(source, bytes);

        JsonElement put = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "blob", "put", "--file", source, "--content-type", "application/x-test", "--meta", "owner=ada", "--json").Out).RootElement;
        string id = put.GetProperty("id").GetString()!;
        Assert.Equal(bytes.Length, put.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), put.GetProperty("sha256").GetString());

        JsonElement listed = JsonDocument.Parse(Assert.Single(cli.Run(ExitCodes.Ok, "blob", "list", "--json").Lines)).RootElement;
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal("ada", listed.GetProperty("custom").GetProperty("owner").GetString());
        Assert.Contains("application/x-test", cli.Run(ExitCodes.Ok, "blob", "list").Out, StringComparison.Ordinal);
        Assert.Matches(@"│ contentType\s+│ application/x-test\s+│", cli.Run(ExitCodes.Ok, "blob", "info", id).Out);

        string target = cli.Combine("out.bin");
        Assert.Contains($"Wrote blob {id}", cli.Run(ExitCodes.Ok, "blob", "get", id, "--out", target).Out, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(target));

        using MemoryStream stdout = new();
        CliResult streamed = CliRunner.RunWithBinaryOutput(stdout, "blob", "get", id, "--store", cli.Store);
        Assert.True(streamed.ExitCode == ExitCodes.Ok, streamed.ToString());
        Assert.Empty(streamed.Out);
        Assert.Equal(bytes, stdout.ToArray());

        cli.Run(ExitCodes.Ok, "blob", "delete", id);
        cli.Run(ExitCodes.NotFound, "blob", "info", id);
        Assert.Empty(cli.Run(ExitCodes.Ok, "blob", "list", "--json").Lines);
    }

    [Fact]
    public void MissingBlobsFilesAndStores_AreNotFound()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.NotFound, "blob", "list");
        cli.Run(ExitCodes.NotFound, "blob", "put", "--file", cli.Combine("absent"));
        Assert.False(Directory.Exists(cli.Store), "a failed put created the store");
        string source = cli.Combine("in.txt");
        File.WriteAllText(source, "hello", Encoding.UTF8);
        cli.Run(ExitCodes.Ok, "blob", "put", "--file", source);
        cli.Run(ExitCodes.NotFound, "blob", "get", "nope", "--out", cli.Combine("out"));
        Assert.False(File.Exists(cli.Combine("out")));
        cli.Run(ExitCodes.NotFound, "blob", "info", "nope");
        cli.Run(ExitCodes.NotFound, "blob", "delete", "nope");
    }

    [Fact]
    public void BadArguments_AreUsageErrors_AndALockedStoreIsRefused()
    {
        using LocalFirstCli cli = new();
        string source = cli.Combine("in.txt");
        File.WriteAllText(source, "hello", Encoding.UTF8);
        cli.Run(ExitCodes.Usage, "blob", "put");
        cli.Run(ExitCodes.Usage, "blob", "put", "--file", source, "--meta", "novalue");
        cli.Run(ExitCodes.Usage, "blob", "info");
        string id = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "blob", "put", "--file", source, "--json").Out).RootElement.GetProperty("id").GetString()!;
        // A console over text writers has no byte stream: stdout output needs a file.
        cli.Run(ExitCodes.Usage, "blob", "get", id);
        using (cli.Open())
        {
            cli.Run(ExitCodes.Refused, "blob", "list");
        }
    }
}
