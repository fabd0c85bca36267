using Engine.Bench.Kv;

namespace Engine.Tests.Bench.Kv;

/// <summary>The kv verb takes the rig's flags and rejects what the rig rejects.</summary>
[Trait("Category", "Unit")]
public sealed class KvCommandTests
{
    [Fact]
    public void TryParse_RigFlags_AreApplied()
    {
        string[] args =
        [
            "/tmp/db", "--n", "123", "--batch", "10", "--sync", "--seed", "7", "--bloom-bits", "0",
            "--cache-mb", "16", "--compression", "none", "--workloads", "fillrandom,readseq",
        ];

        Assert.True(KvCommand.TryParse(args, out KvSettings settings, out string error), error);

        Assert.Equal("/tmp/db", settings.Directory);
        Assert.Equal(123UL, settings.N);
        Assert.Equal(10UL, settings.Batch);
        Assert.True(settings.Sync);
        Assert.Equal(7UL, settings.Seed);
        Assert.Equal(0, settings.BloomBits);
        Assert.Equal(16, settings.CacheMb);
        Assert.Equal("none", settings.Compression);
        Assert.Equal(["fillrandom", "readseq"], settings.Workloads.Order());
    }

    [Fact]
    public void TryParse_NoFlags_UsesRigDefaults()
    {
        Assert.True(KvCommand.TryParse(["/tmp/db"], out KvSettings settings, out _));

        Assert.Equal(1_000_000UL, settings.N);
        Assert.Equal(1UL, settings.Batch);
        Assert.Equal(42UL, settings.Seed);
        Assert.Equal(10, settings.BloomBits);
        Assert.Equal("snappy", settings.Compression);
        Assert.Equal(KvSettings.RigWorkloads.Order(), settings.Workloads.Order());
    }

    [Fact]
    public void TryParse_KeyCheck_NeedsNoDirectory()
    {
        Assert.True(KvCommand.TryParse(["--keycheck", "--n", "1000"], out KvSettings settings, out _));
        Assert.True(settings.KeyCheck);
        Assert.Null(settings.Directory);
    }

    [Theory]
    [InlineData("/tmp/db --bogus")]
    [InlineData("/tmp/db --workloads fillrandom,nosuch")]
    [InlineData("/tmp/db --n 0")]
    [InlineData("/tmp/db --n 4294967296")]
    [InlineData("/tmp/db --batch 0")]
    [InlineData("/tmp/db --n")]
    [InlineData("/tmp/db --n ten")]
    [InlineData("/tmp/db --threads 0")]
    [InlineData("")]
    [InlineData("/tmp/a /tmp/b")]
    public void TryParse_WhatTheRigRejects_Fails(string line)
    {
        string[] args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(KvCommand.TryParse(args, out _, out string error));
        Assert.NotEmpty(error);
    }
}
