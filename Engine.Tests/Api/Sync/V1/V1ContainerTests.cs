using System.Buffers.Binary;
using Engine.Api;
using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Sync.V1;

public sealed class V1ContainerTests(ITestOutputHelper output)
{
    private const string Name = "test.c1z";

    /// <summary>The frame header of the fixtures: no content size, checksum, an 8 MiB window (spec 9.1).</summary>
    private static readonly byte[] s_fixtureFrameHeader = [0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x68];

    public static TheoryData<string, long> Fixtures() => new()
    {
        { "in-progress.c1z", 139_264 },
        { "org-1k-resources.c1z", 3_239_936 },
        { "org-35k-resources.c1z", 64_520_192 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decompress_Fixture_DecodesToItsReadmeSizeAsAnSqliteFile(string fixture, long size)
    {
        using FileStream c1z = File.OpenRead(SharedFixtures.C1z(fixture));
        PrefixStream database = new(16);

        long decoded = V1Container.Decompress(c1z, database, V1DecoderLimits.Default, fixture);

        Assert.Equal(size, decoded);
        Assert.Equal(size, database.Length);
        Assert.Equal("SQLite format 3\0"u8.ToArray(), database.Prefix);
    }

    [Fact]
    public void Fixtures_CarryTheFrameHeaderTheSpecDescribes()
    {
        byte[] head = new byte[V1Container.Magic.Length + s_fixtureFrameHeader.Length];
        using FileStream c1z = File.OpenRead(SharedFixtures.C1z("org-1k-resources.c1z"));
        c1z.ReadExactly(head);

        Assert.True(V1Container.HasMagic(head));
        Assert.Equal(s_fixtureFrameHeader, head[V1Container.Magic.Length..]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compress_ThenDecompress_RoundTrips(bool seekable)
    {
        int seed = TestSeed.Get(output, nameof(Compress_ThenDecompress_RoundTrips));
        Random random = new(seed);
        foreach (int length in new[] { 0, 1, 4095, 200_000, 1 << 20 })
        {
            byte[] data = Compressible(random, length);
            byte[] c1z = Compress(data, seekable);
            ZstdFrameHeaderView header = ZstdFrameHeaderView.Of(c1z);

            Assert.True(header.HasChecksum);
            // A stream that cannot seek has no known length, so only an empty one (ended in the first call) gets a size.
            Assert.Equal(seekable || length == 0 ? (ulong)length : null, header.ContentSize);
            using MemoryStream decoded = new();
            Assert.Equal(length, V1Container.Decompress(new MemoryStream(c1z), decoded, V1DecoderLimits.Default, Name));
            Assert.Equal(data, decoded.ToArray());
        }
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x53, 0x51, 0x4C, 0x69, 0x74, 0x65 })]
    [InlineData(new byte[] { 0x43, 0x31, 0x5A, 0x33, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x43, 0x31, 0x5A, 0x46, 0x01, 0x28 })]
    public void Decompress_WithoutTheMagic_IsNotC1z(byte[] bytes)
    {
        V1FileException error = Fails(bytes);

        Assert.Equal(V1FileProblem.NotC1z, error.Problem);
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(Name, error.FilePath);
        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_CutInsideTheMagic_IsTruncated()
    {
        Assert.Equal(V1FileProblem.Truncated, Fails("C1Z"u8.ToArray()).Problem);
    }

    [Fact]
    public void Decompress_CutAnywhereInTheFrame_IsTruncated()
    {
        byte[] whole = Compress(Compressible(new Random(3), 300_000), seekable: false);
        for (int length = V1Container.Magic.Length; length < whole.Length; length += Math.Max(1, length / 7))
        {
            V1FileException error = Fails(whole[..length]);
            Assert.True(error.Problem == V1FileProblem.Truncated, $"cut at {length} of {whole.Length}: {error.Message}");
            Assert.Equal(StorageErrorCode.Corruption, error.Code);
        }

        // The last four bytes are the checksum: a cut there is caught by the frame walk, not the checksum comparison.
        Assert.Equal(V1FileProblem.Truncated, Fails(whole[..^2]).Problem);
    }

    [Fact]
    public void Decompress_OneFlippedByte_IsATypedCorruptionOrChangesNothing()
    {
        int seed = TestSeed.Get(output, nameof(Decompress_OneFlippedByte_IsATypedCorruptionOrChangesNothing));
        Random random = new(seed);
        byte[] whole = File.ReadAllBytes(SharedFixtures.C1z("in-progress.c1z"));
        using MemoryStream original = new();
        V1Container.Decompress(new MemoryStream(whole), original, V1DecoderLimits.Default, Name);
        int headerEnd = V1Container.Magic.Length + s_fixtureFrameHeader.Length;
        int caught = 0;
        for (int i = 0; i < 200; i++)
        {
            byte[] damaged = (byte[])whole.Clone();
            int at = random.Next(headerEnd, damaged.Length);
            damaged[at] ^= (byte)random.Next(1, 256);

            // Some bits of a zstd frame carry no content (padding of an entropy table, a field the decoder may ignore):
            // flipping one of them is no loss, so the one acceptable success is a decode identical to the original.
            using MemoryStream decoded = new();
            try
            {
                V1Container.Decompress(new MemoryStream(damaged), decoded, V1DecoderLimits.Default, Name);
            }
            catch (V1FileException error)
            {
                Assert.True(error.Code == StorageErrorCode.Corruption, $"flip at {at}: {error.Problem} {error.Message}");
                caught++;
                continue;
            }

            Assert.True(decoded.ToArray().AsSpan().SequenceEqual(original.ToArray()), $"flip at {at} decoded to different bytes without an error");
        }

        Assert.True(caught >= 190, $"only {caught} of 200 flips were caught");
    }

    [Fact]
    public void Decompress_FlippedChecksum_IsChecksumMismatch()
    {
        byte[] damaged = File.ReadAllBytes(SharedFixtures.C1z("in-progress.c1z"));
        damaged[^1] ^= 0x40;

        V1FileException error = Fails(damaged);

        Assert.Equal(V1FileProblem.ChecksumMismatch, error.Problem);
        Assert.Equal(StorageErrorCode.Corruption, error.Code);
    }

    [Fact]
    public void Decompress_DeclaredSizeOverTheLimit_FailsBeforeDecoding()
    {
        // A header that declares 1 GiB followed by no block at all: decoding would report a truncated frame, so
        // TooLarge proves the limit is checked from the header alone.
        byte[] bomb = [.. V1Container.Magic, .. FrameHeader(contentSize: 1UL << 30)];
        V1DecoderLimits limits = new() { MaxDecodedBytes = 1 << 20 };
        PrefixStream database = new(16);

        V1FileException error = Assert.Throws<V1FileException>(() => V1Container.Decompress(new MemoryStream(bomb), database, limits, Name));

        Assert.Equal(V1FileProblem.TooLarge, error.Problem);
        Assert.Equal(StorageErrorCode.ResourceExhausted, error.Code);
        Assert.Equal(0, database.Length);
        Assert.Equal(V1FileProblem.Truncated, Fails(bomb, limits with { FailFastOnContentSize = false }).Problem);
    }

    [Fact]
    public void Decompress_DeclaredSizeAtTheLimit_Decodes()
    {
        byte[] data = Compressible(new Random(5), 50_000);
        V1DecoderLimits limits = new() { MaxDecodedBytes = data.Length };

        Assert.Equal(data.Length, V1Container.Decompress(new MemoryStream(Compress(data, seekable: true)), Stream.Null, limits, Name));
        Assert.Equal(V1FileProblem.TooLarge, Fails(Compress(data, seekable: true), limits with { MaxDecodedBytes = data.Length - 1 }).Problem);
    }

    [Fact]
    public void Decompress_StreamedFrameOverTheLimit_StopsAtTheLimit()
    {
        byte[] c1z = Compress(new byte[4 << 20], seekable: false);
        Assert.Null(ZstdFrameHeaderView.Of(c1z).ContentSize);
        V1DecoderLimits limits = new() { MaxDecodedBytes = 300_000 };
        PrefixStream database = new(16);

        V1FileException error = Assert.Throws<V1FileException>(() => V1Container.Decompress(new MemoryStream(c1z), database, limits, Name));

        Assert.Equal(V1FileProblem.TooLarge, error.Problem);
        Assert.Equal(StorageErrorCode.ResourceExhausted, error.Code);
        Assert.InRange(database.Length, 0, limits.MaxDecodedBytes);
    }

    [Fact]
    public void Decompress_WindowOverTheLimit_IsWindowTooLarge()
    {
        byte[] fixture = File.ReadAllBytes(SharedFixtures.C1z("in-progress.c1z"));
        V1FileException error = Fails(fixture, new V1DecoderLimits { MaxWindowBytes = (8 << 20) - 1 });
        Assert.Equal(V1FileProblem.WindowTooLarge, error.Problem);
        Assert.Equal(StorageErrorCode.ResourceExhausted, error.Code);

        // 2^(10+31): far past the default limit, with nothing after the header to decode.
        byte[] huge = [.. V1Container.Magic, 0x28, 0xB5, 0x2F, 0xFD, 0x04, 31 << 3];
        Assert.Equal(V1FileProblem.WindowTooLarge, Fails(huge).Problem);

        Assert.Equal(139_264, V1Container.Decompress(new MemoryStream(fixture), Stream.Null, new V1DecoderLimits { MaxWindowBytes = 8 << 20 }, Name));
    }

    [Fact]
    public void Decompress_SingleSegmentFrameLargerThanTheWindowLimit_IsWindowTooLarge()
    {
        byte[] bomb = [.. V1Container.Magic, .. FrameHeader(contentSize: 1 << 20, singleSegment: true)];

        Assert.Equal(V1FileProblem.WindowTooLarge, Fails(bomb, new V1DecoderLimits { MaxWindowBytes = 1 << 19 }).Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD })]
    public void Decompress_BytesAfterTheFrame_IsTrailingData(byte[] tail)
    {
        byte[] fixture = File.ReadAllBytes(SharedFixtures.C1z("in-progress.c1z"));

        V1FileException error = Fails([.. fixture, .. tail]);

        Assert.Equal(V1FileProblem.TrailingData, error.Problem);
        Assert.Equal(StorageErrorCode.Corruption, error.Code);
    }

    [Fact]
    public void Decompress_SecondFrame_IsTrailingData()
    {
        byte[] first = Compress([1, 2, 3], seekable: true);
        byte[] second = Compress([4, 5, 6], seekable: true);

        Assert.Equal(V1FileProblem.TrailingData, Fails([.. first, .. second[V1Container.Magic.Length..]]).Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x2A, 0x4D, 0x18, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x0C, 0x68 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x05, 0x68, 0x07 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x68, 0x07, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x48, 0x09, 0x00, 0x10 })]
    public void Decompress_MalformedFrame_IsCorruptFrame(byte[] frame)
    {
        // A skippable frame, the reserved bit, a dictionary, the reserved block type, a block over the 128 KiB window.
        V1FileException error = Fails([.. V1Container.Magic, .. frame, .. new byte[300_000]]);

        Assert.Equal(V1FileProblem.CorruptFrame, error.Problem);
        Assert.Equal(StorageErrorCode.Corruption, error.Code);
    }

    [Fact]
    public void WriteFile_ReplacesTheOldFileAndLeavesNoTemporary()
    {
        using TempDirectory dir = new("v1-container");
        string database = dir.Combine("db");
        string c1z = dir.Combine("out.c1z");
        byte[] data = Compressible(new Random(7), 100_000);
        File.WriteAllBytes(database, data);
        File.WriteAllBytes(c1z, "old contents"u8.ToArray());

        V1Container.WriteFile(database, c1z);

        Assert.False(File.Exists(c1z + ".tmp"));
        string decoded = dir.Combine("decoded");
        V1Container.DecompressFile(c1z, decoded, V1DecoderLimits.Default);
        Assert.Equal(data, File.ReadAllBytes(decoded));
        Assert.Equal((ulong)data.Length, ZstdFrameHeaderView.Of(File.ReadAllBytes(c1z)).ContentSize);
    }

    [Fact]
    public void WriteFile_Failing_KeepsTheOldFileAndLeavesNoTemporary()
    {
        using TempDirectory dir = new("v1-container");
        string c1z = dir.Combine("out.c1z");
        File.WriteAllBytes(c1z, "old contents"u8.ToArray());

        Assert.Throws<FileNotFoundException>(() => V1Container.WriteFile(dir.Combine("missing-db"), c1z));

        Assert.Equal("old contents"u8.ToArray(), File.ReadAllBytes(c1z));
        Assert.False(File.Exists(c1z + ".tmp"));
    }

    [Fact]
    public void DecompressFile_Failing_RemovesThePartialOutput()
    {
        using TempDirectory dir = new("v1-container");
        string c1z = dir.Combine("damaged.c1z");
        byte[] damaged = File.ReadAllBytes(SharedFixtures.C1z("in-progress.c1z"));
        damaged[^1] ^= 1;
        File.WriteAllBytes(c1z, damaged);

        V1FileException error = Assert.Throws<V1FileException>(() => V1Container.DecompressFile(c1z, dir.Combine("db"), V1DecoderLimits.Default));

        Assert.Equal(c1z, error.FilePath);
        Assert.False(File.Exists(dir.Combine("db")));
    }

    [Fact]
    public void Limits_FromEnvironment_ReadMebibytes()
    {
        // Values above the defaults, so that a test decoding a fixture at the same moment is not affected.
        using EnvironmentVariable decoded = new(V1DecoderLimits.MaxDecodedSizeVariable, "20480");
        using EnvironmentVariable memory = new(V1DecoderLimits.MaxMemoryVariable, "256");
        using EnvironmentVariable failFast = new(V1DecoderLimits.DisableFcsFailFastVariable, "1");

        V1DecoderLimits limits = V1DecoderLimits.FromEnvironment();

        Assert.Equal(20480L << 20, limits.MaxDecodedBytes);
        Assert.Equal(256L << 20, limits.MaxWindowBytes);
        Assert.False(limits.FailFastOnContentSize);
    }

    [Fact]
    public void Limits_FromEnvironment_IgnoreTextAndRejectZero()
    {
        using EnvironmentVariable decoded = new(V1DecoderLimits.MaxDecodedSizeVariable, "lots");
        Assert.Equal(V1DecoderLimits.DefaultMaxDecodedBytes, V1DecoderLimits.FromEnvironment().MaxDecodedBytes);

        using EnvironmentVariable memory = new(V1DecoderLimits.MaxMemoryVariable, "0");
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(V1DecoderLimits.FromEnvironment).Code);
    }

    [Fact]
    public void Limits_Default_AreTheReferences()
    {
        Assert.Equal(10L << 30, V1DecoderLimits.Default.MaxDecodedBytes);
        Assert.Equal(128L << 20, V1DecoderLimits.Default.MaxWindowBytes);
        Assert.True(V1DecoderLimits.Default.FailFastOnContentSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new V1DecoderLimits { MaxDecodedBytes = 0 });
    }

    private static V1FileException Fails(byte[] c1z, V1DecoderLimits? limits = null) =>
        Assert.Throws<V1FileException>(() => V1Container.Decompress(new MemoryStream(c1z), Stream.Null, limits ?? V1DecoderLimits.Default, Name));

    private static byte[] Compress(byte[] data, bool seekable)
    {
        using MemoryStream c1z = new();
        using Stream input = seekable ? new MemoryStream(data) : new ForwardOnlyStream(data);
        V1Container.Compress(input, c1z);
        return c1z.ToArray();
    }

    /// <summary>Bytes that compress somewhat: runs of a few symbols with random breaks.</summary>
    private static byte[] Compressible(Random random, int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = random.Next(8) == 0 ? (byte)random.Next(256) : (byte)('a' + (i / 13 % 5));
        }

        return data;
    }

    /// <summary>A frame header with an 8-byte content size and a checksum (and an 8 MiB window unless single-segment).</summary>
    private static byte[] FrameHeader(ulong contentSize, bool singleSegment = false)
    {
        List<byte> header = [0x28, 0xB5, 0x2F, 0xFD, (byte)(singleSegment ? 0xE4 : 0xC4)];
        if (!singleSegment)
        {
            header.Add(0x68);
        }

        byte[] size = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, contentSize);
        header.AddRange(size);
        return [.. header];
    }

    /// <summary>The frame header fields the tests check, read from a whole v1 file.</summary>
    private readonly record struct ZstdFrameHeaderView(bool HasChecksum, ulong? ContentSize)
    {
        public static ZstdFrameHeaderView Of(byte[] c1z)
        {
            byte descriptor = c1z[V1Container.Magic.Length + 4];
            int at = V1Container.Magic.Length + 5 + ((descriptor & 0x20) != 0 ? 0 : 1) + (descriptor & 3) switch { 0 => 0, 3 => 4, int d => d };
            int field = (descriptor >> 6) switch { 0 => (descriptor & 0x20) != 0 ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
            ulong? size = null;
            if (field > 0)
            {
                byte[] bytes = new byte[8];
                c1z.AsSpan(at, field).CopyTo(bytes);
                size = BinaryPrimitives.ReadUInt64LittleEndian(bytes) + (field == 2 ? 256UL : 0);
            }

            return new ZstdFrameHeaderView((descriptor & 0x04) != 0, size);
        }
    }

    /// <summary>A readable stream that cannot seek, as a pipe: the writer cannot know its length.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A write sink that keeps only the first bytes and counts the rest, so a 64 MB decode holds no copy.</summary>
    private sealed class PrefixStream(int keep) : Stream
    {
        private readonly List<byte> _prefix = [];
        private long _length;

        public byte[] Prefix => [.. _prefix];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _prefix.AddRange(buffer.AsSpan(offset, Math.Min(count, keep - _prefix.Count)).ToArray());
            _length += count;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Sets an environment variable for a test and restores its old value.</summary>
    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _old;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            _old = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _old);
    }
}
