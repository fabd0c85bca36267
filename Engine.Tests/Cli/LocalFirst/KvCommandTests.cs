using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli.LocalFirst;

public sealed class KvCommandTests
{
    [Fact]
    public void Put_ThenGetScanAndCount_ShowTheEntry_AsTableAndJson()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "kv", "put", "--ns", "app", "user:1", "alice");
        cli.Run(ExitCodes.Ok, "kv", "put", "--ns", "app", "user:2", "bob", "--ttl", "1h");
        cli.Run(ExitCodes.Ok, "kv", "put", "--ns", "other", "user:3", "carol");

        Assert.Matches(@"│ user:1 │ alice │ 5 B  │", cli.Run(ExitCodes.Ok, "kv", "get", "--ns", "app", "user:1").Out);
        JsonElement one = JsonDocument.Parse(Assert.Single(cli.Run(ExitCodes.Ok, "kv", "get", "--ns", "app", "user:2", "--json").Lines)).RootElement;
        Assert.Equal("bob", one.GetProperty("value").GetString());

        string[] lines = cli.Run(ExitCodes.Ok, "kv", "scan", "--ns", "app", "--prefix", "user:", "--reverse", "--json").Lines;
        Assert.Equal(["user:2", "user:1"], lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("key").GetString()));
        string table = cli.Run(ExitCodes.Ok, "kv", "scan", "--ns", "app", "--start", "user:2").Out;
        Assert.Contains("bob", table, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", table, StringComparison.Ordinal);
        Assert.Single(cli.Run(ExitCodes.Ok, "kv", "scan", "--ns", "app", "--limit", "1", "--json").Lines);

        JsonElement count = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "kv", "count", "--ns", "app", "--json").Out).RootElement;
        Assert.Equal(2, count.GetProperty("count").GetInt64());
        Assert.Contains("1 entries in namespace 'other'", cli.Run(ExitCodes.Ok, "kv", "count", "--ns", "other").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryValues_RoundTripAsHex_AndShowAsHexWhenNotUtf8()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "kv", "put", "--hex", "00ff", "0xc328");
        JsonElement entry = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "kv", "scan", "--json").Out).RootElement;
        Assert.Equal("00ff", entry.GetProperty("keyHex").GetString());
        Assert.Equal("c328", entry.GetProperty("valueHex").GetString());
        Assert.Contains("│ 0x00ff │ 0xc328 │", cli.Run(ExitCodes.Ok, "kv", "get", "--hex", "00FF").Out, StringComparison.Ordinal);

        string file = cli.Combine("value.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        cli.Run(ExitCodes.Ok, "kv", "put", "k", "--file", file);
        JsonElement fromFile = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "kv", "get", "6b", "--hex", "--json").Out).RootElement;
        Assert.Equal("010203", fromFile.GetProperty("valueHex").GetString());
        Assert.Equal("6b", fromFile.GetProperty("keyHex").GetString());
    }

    [Fact]
    public void MissingKeysAndStores_AreNotFound()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.NotFound, "kv", "get", "k");
        Assert.False(Directory.Exists(cli.Store), "a reading verb created the store");
        cli.Run(ExitCodes.NotFound, "kv", "scan");
        cli.Run(ExitCodes.Ok, "kv", "put", "k", "v");
        CliResult missing = cli.Run(ExitCodes.NotFound, "kv", "get", "nope");
        Assert.Empty(missing.Out);
        Assert.Equal("engine: no key 'nope' in namespace ''", missing.Error.Trim());
        cli.Run(ExitCodes.NotFound, "kv", "get", "k", "--ns", "elsewhere");
        cli.Run(ExitCodes.Ok, "kv", "delete", "k");
        cli.Run(ExitCodes.NotFound, "kv", "delete", "k");
        Directory.CreateDirectory(cli.Combine("empty"));
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("kv", "get", "k", "--store", cli.Combine("empty")).ExitCode);
    }

    [Fact]
    public void BadArguments_AreUsageErrors()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "kv", "put", "k", "v");
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("kv", "get", "k").ExitCode);
        cli.Run(ExitCodes.Usage, "kv", "get", "--hex", "zz");
        cli.Run(ExitCodes.Usage, "kv", "put", "k", "v", "--ttl", "soon");
        cli.Run(ExitCodes.Usage, "kv", "put", "k");
        cli.Run(ExitCodes.Usage, "kv", "scan", "--prefix", "a", "--start", "b");
        cli.Run(ExitCodes.Usage, "kv", "scan", "--start", "b", "--end", "a");
        cli.Run(ExitCodes.Usage, "kv", "scan", "--limit", "-1");
        cli.Run(ExitCodes.Usage, "kv", "count", "--passphrase-file", cli.Combine("p"));
    }

    [Fact]
    public void ALockedStore_IsRefused()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "kv", "put", "k", "v");
        using (cli.Open())
        {
            cli.Run(ExitCodes.Refused, "kv", "get", "k");
            cli.Run(ExitCodes.Refused, "kv", "put", "k", "w");
        }

        Assert.Contains("│ k   │ v     │", cli.Run(ExitCodes.Ok, "kv", "get", "k").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEncryptedStore_OpensWithItsKeyFile_AndAWrongPassphraseIsDamaged()
    {
        using LocalFirstCli cli = new();
        string keys = cli.Combine("store.keys");
        string passphrase = cli.Combine("passphrase");
        File.WriteAllText(passphrase, "correct horse\n");
        cli.Run(ExitCodes.Ok, "kv", "put", "secret", "plaintext-value", "--key-file", keys, "--passphrase-file", passphrase);
        Assert.True(File.Exists(keys));
        Assert.Contains("plaintext-value", cli.Run(ExitCodes.Ok, "kv", "get", "secret", "--key-file", keys, "--passphrase-file", passphrase).Out, StringComparison.Ordinal);

        cli.Run(ExitCodes.Refused, "kv", "get", "secret");
        File.WriteAllText(passphrase, "wrong\n");
        cli.Run(ExitCodes.Damaged, "kv", "get", "secret", "--key-file", keys, "--passphrase-file", passphrase);
        cli.Run(ExitCodes.NotFound, "kv", "get", "secret", "--key-file", cli.Combine("absent.keys"), "--passphrase-file", passphrase);
    }
}
