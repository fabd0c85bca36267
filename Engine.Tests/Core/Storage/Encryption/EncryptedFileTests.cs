using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;

using DecryptionFailedException = Engine.Api.DecryptionFailedException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Storage.Encryption;

[Trait("Category", "Unit")]
public sealed class EncryptedFileTests
{
    private const int Page = 1 << EncryptedFileFormat.DefaultPageShift;

    [Theory]
    [InlineData(0, int.MaxValue)]
    [InlineData(1, int.MaxValue)]
    [InlineData(Page, int.MaxValue)]
    [InlineData((3 * Page) + 17, int.MaxValue)]
    [InlineData((3 * Page) + 17, 100)]
    [InlineData((5 * Page) + 1, Page)]
    public void Write_Read_RoundTrips_AndRawHoldsNoPlaintext(int size, int chunk)
    {
        EncryptedFileTestKit kit = new();
        byte[] data = Marker(size);
        kit.Write(EncryptedFileTestKit.At("f"), data, chunk);

        Assert.Equal(data, EncryptedFileTestKit.ReadAll(kit.Fs, EncryptedFileTestKit.At("f")));
        Assert.Equal(size, kit.Fs.GetLength(EncryptedFileTestKit.At("f")));
        using (IMappedFile mapped = kit.Fs.OpenMapped(EncryptedFileTestKit.At("f")))
        {
            Assert.Equal(data, mapped.GetSpan(0, size).ToArray());
        }

        byte[] raw = kit.Raw.ReadAllBytes(EncryptedFileTestKit.At("f"));
        Assert.True(raw.Length >= EncryptedFileFormat.HeaderSize + size);
        if (size >= 16)
        {
            Assert.Equal(-1, raw.AsSpan().IndexOf("MARKER-"u8));
        }
    }

    [Fact]
    public void LargeAppendsThenSync_AreRegular_FlushedAppendsAreScanned()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes((4 * Page) + 100, 1);
        kit.Write(EncryptedFileTestKit.At("sst"), data, chunk: 3000);
        kit.Write(EncryptedFileTestKit.At("wal"), data, chunk: 3000, flushEach: true);

        Assert.True(kit.MapOf(EncryptedFileTestKit.At("sst")).IsRegular);
        Assert.False(kit.MapOf(EncryptedFileTestKit.At("wal")).IsRegular);
        Assert.Equal(data, EncryptedFileTestKit.ReadAll(kit.Fs, EncryptedFileTestKit.At("wal")));
        Assert.Equal(data.Length, kit.MapOf(EncryptedFileTestKit.At("wal")).PlainLength);
    }

    [Fact]
    public void Open_WithWrongKey_ThrowsDecryptionFailedAtHeader()
    {
        EncryptedFileTestKit kit = new(StaticKeyring.ForTests(seed: 1));
        kit.Write(EncryptedFileTestKit.At("f"), EncryptedFileTestKit.Bytes(10_000, 2));
        EncryptedFileSystem wrong = new(kit.Raw, StaticKeyring.ForTests(seed: 2));

        DecryptionFailedException ex = Assert.Throws<DecryptionFailedException>(() => wrong.OpenRead(EncryptedFileTestKit.At("f")));
        Assert.Equal(-1, ex.Offset);
        Assert.Equal(StorageErrorCode.DecryptionFailed, ex.Code);
        Assert.Throws<DecryptionFailedException>(() => wrong.OpenMapped(EncryptedFileTestKit.At("f")));
        Assert.Throws<DecryptionFailedException>(() => wrong.OpenForAppend(EncryptedFileTestKit.At("f")));
    }

    [Fact]
    public void Open_WithUnknownKeyId_ThrowsDecryptionFailed()
    {
        EncryptedFileTestKit kit = new(StaticKeyring.ForTests(seed: 1, keyId: 7));
        kit.Write(EncryptedFileTestKit.At("f"), [1, 2, 3]);
        EncryptedFileSystem other = new(kit.Raw, StaticKeyring.ForTests(seed: 1, keyId: 8));

        DecryptionFailedException ex = Assert.Throws<DecryptionFailedException>(() => other.OpenRead(EncryptedFileTestKit.At("f")));
        Assert.Contains("key 7", ex.Message, StringComparison.Ordinal);
        Assert.Equal(7u, EncryptedFileSystem.ReadKeyId(kit.Raw, EncryptedFileTestKit.At("f")));
    }

    [Fact]
    public void Open_PlainFile_ThrowsDecryptionFailed()
    {
        EncryptedFileTestKit kit = new();
        kit.Raw.WriteAllBytes(EncryptedFileTestKit.At("plain"), EncryptedFileTestKit.Bytes(500, 3), sync: true);

        Assert.Throws<DecryptionFailedException>(() => kit.Fs.OpenRead(EncryptedFileTestKit.At("plain")));
        Assert.False(EncryptedFileSystem.HasEncryptedHeader(kit.Raw, EncryptedFileTestKit.At("plain")));
    }

    [Fact]
    public void TornHeader_ReadsAsEmpty_AndAppendStartsOver()
    {
        EncryptedFileTestKit kit = new();
        kit.Raw.WriteAllBytes(EncryptedFileTestKit.At("f"), new byte[30], sync: true);

        Assert.Equal(0, kit.Fs.GetLength(EncryptedFileTestKit.At("f")));
        using (IWritableFile file = kit.Fs.OpenForAppend(EncryptedFileTestKit.At("f")))
        {
            file.Append([9, 8, 7]);
            file.Sync();
        }

        Assert.Equal([9, 8, 7], EncryptedFileTestKit.ReadAll(kit.Fs, EncryptedFileTestKit.At("f")));
    }

    [Fact]
    public void FlipEveryByte_OfRegularAndScannedFiles_NeverReturnsWrongData()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes((2 * Page) + 300, 4);
        kit.Write(EncryptedFileTestKit.At("regular"), data);
        kit.Write(EncryptedFileTestKit.At("scanned"), data, chunk: 1500, flushEach: true);

        foreach (string name in new[] { "regular", "scanned" })
        {
            string path = EncryptedFileTestKit.At(name);
            long rawLength = kit.Raw.GetLength(path);
            int failures = 0;
            for (long offset = 0; offset < rawLength; offset++)
            {
                long bit = (offset * 8) + (offset % 8);
                kit.Raw.FlipBit(path, bit);
                try
                {
                    byte[] read = EncryptedFileTestKit.ReadAll(kit.Fs, path);

                    // Only the last frame may drop away (a torn tail); whatever is returned is the original.
                    Assert.True(read.Length <= data.Length, $"{name}: flip at {offset} read {read.Length} bytes");
                    Assert.True(data.AsSpan(0, read.Length).SequenceEqual(read), $"{name}: flip at {offset} returned wrong bytes");
                    Assert.True(read.Length < data.Length, $"{name}: flip at {offset} went unnoticed");
                }
                catch (StorageException ex) when (ex.Code is StorageErrorCode.DecryptionFailed or StorageErrorCode.FailedPrecondition)
                {
                    failures++;
                }
                finally
                {
                    kit.Raw.FlipBit(path, bit);
                }
            }

            Assert.True(failures > rawLength / 2, $"{name}: only {failures} of {rawLength} flips raised a typed error");
            Assert.Equal(data, EncryptedFileTestKit.ReadAll(kit.Fs, path));
        }
    }

    [Fact]
    public void FlippedByte_InMappedPage_ThrowsOnThatPageOnly()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes(4 * Page, 5);
        kit.Write(EncryptedFileTestKit.At("f"), data);
        long secondFrameCiphertext = EncryptedFileFormat.HeaderSize + Page + EncryptedFileFormat.FrameOverhead + EncryptedFileFormat.FrameHeaderSize + 10;
        kit.Raw.FlipBit(EncryptedFileTestKit.At("f"), secondFrameCiphertext * 8);

        using IMappedFile mapped = kit.Fs.OpenMapped(EncryptedFileTestKit.At("f"));
        Assert.Equal(data.AsSpan(0, Page).ToArray(), mapped.GetSpan(0, Page).ToArray());
        DecryptionFailedException ex = Assert.Throws<DecryptionFailedException>(() => mapped.GetSpan(Page + 5, 10).ToArray());
        Assert.Equal(EncryptedFileFormat.HeaderSize + Page + EncryptedFileFormat.FrameOverhead, ex.Offset);
        Assert.Throws<DecryptionFailedException>(() => mapped.GetSpan(Page - 1, 2).ToArray());
        Assert.Equal(data.AsSpan(3 * Page, Page).ToArray(), mapped.GetSpan(3 * Page, Page).ToArray());
    }

    [Fact]
    public void SwappedFrames_ThrowDecryptionFailed()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes(3 * Page, 6);
        kit.Write(EncryptedFileTestKit.At("f"), data);
        byte[] raw = kit.Raw.ReadAllBytes(EncryptedFileTestKit.At("f"));
        int frame = Page + EncryptedFileFormat.FrameOverhead;
        byte[] first = raw.AsSpan(EncryptedFileFormat.HeaderSize, frame).ToArray();
        raw.AsSpan(EncryptedFileFormat.HeaderSize + frame, frame).CopyTo(raw.AsSpan(EncryptedFileFormat.HeaderSize));
        first.CopyTo(raw.AsSpan(EncryptedFileFormat.HeaderSize + frame));
        kit.Raw.WriteAllBytes(EncryptedFileTestKit.At("f"), raw, sync: true);

        Assert.Throws<DecryptionFailedException>(() => EncryptedFileTestKit.ReadAll(kit.Fs, EncryptedFileTestKit.At("f")));
    }

    [Fact]
    public void FrameFromAnotherFile_ThrowsDecryptionFailed()
    {
        EncryptedFileTestKit kit = new();
        kit.Write(EncryptedFileTestKit.At("a"), EncryptedFileTestKit.Bytes(2 * Page, 7));
        kit.Write(EncryptedFileTestKit.At("b"), EncryptedFileTestKit.Bytes(2 * Page, 8));
        byte[] a = kit.Raw.ReadAllBytes(EncryptedFileTestKit.At("a"));
        byte[] b = kit.Raw.ReadAllBytes(EncryptedFileTestKit.At("b"));
        b.AsSpan(EncryptedFileFormat.HeaderSize, Page + EncryptedFileFormat.FrameOverhead).CopyTo(a.AsSpan(EncryptedFileFormat.HeaderSize));
        kit.Raw.WriteAllBytes(EncryptedFileTestKit.At("a"), a, sync: true);

        Assert.Throws<DecryptionFailedException>(() => EncryptedFileTestKit.ReadAll(kit.Fs, EncryptedFileTestKit.At("a")));
    }

    [Fact]
    public void Truncate_IntoWrittenFrames_KeepsPrefix_AndSurvivesReopenAndCrash()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes(3 * Page, 9);
        string path = EncryptedFileTestKit.At("f");
        using (IWritableFile file = kit.Fs.Create(path))
        {
            file.Append(data);
            file.Sync();
            file.Truncate(Page + 10);
            Assert.Equal(Page + 10, file.Length);
            file.Append([1, 2, 3]);
            file.Sync();
        }

        byte[] expected = [.. data.AsSpan(0, Page + 10), 1, 2, 3];
        Assert.Equal(expected, EncryptedFileTestKit.ReadAll(kit.Fs, path));

        // A crash that keeps only synced bytes keeps every synced byte before the cut.
        MemFileSystem crashed = kit.Raw.CrashClone();
        Assert.Equal(expected, EncryptedFileTestKit.ReadAll(new EncryptedFileSystem(crashed, kit.Keyring), path));

        using (IWritableFile file = kit.Fs.OpenForAppend(path))
        {
            Assert.Equal(expected.Length, file.Length);
            file.Truncate(5);
            file.Append([4]);
            file.Sync();
        }

        Assert.Equal([.. data.AsSpan(0, 5), 4], EncryptedFileTestKit.ReadAll(kit.Fs, path));
    }

    [Fact]
    public void Counters_NeverRepeat_AcrossAppendsTruncatesAndReopens()
    {
        EncryptedFileTestKit kit = new();
        string path = EncryptedFileTestKit.At("f");
        Dictionary<ulong, string> seen = [];
        using (IWritableFile file = kit.Fs.Create(path))
        {
            for (int i = 0; i < 20; i++)
            {
                file.Append(EncryptedFileTestKit.Bytes(700, i));
                file.Flush();
            }
        }

        CollectCounters(kit, path, seen);
        using (IWritableFile file = kit.Fs.OpenForAppend(path))
        {
            file.Truncate(1000);
            file.Append(EncryptedFileTestKit.Bytes(9000, 99));
            file.Sync();
        }

        CollectCounters(kit, path, seen);
    }

    [Fact]
    public void TornTail_IsDropped_AndAppendAfterReopenCutsIt()
    {
        EncryptedFileTestKit kit = new();
        string path = EncryptedFileTestKit.At("wal");
        byte[] synced = EncryptedFileTestKit.Bytes(5000, 10);
        IWritableFile file = kit.Fs.Create(path);
        file.Append(synced);
        file.Sync();
        file.Append(EncryptedFileTestKit.Bytes(3000, 11));
        file.Flush();

        for (int seed = 0; seed < 40; seed++)
        {
            MemFileSystem crashed = kit.Raw.CrashClone(CrashOptions.Random(seed) with { TearLastWrite = true });
            EncryptedFileSystem fs = new(crashed, kit.Keyring);
            byte[] read = EncryptedFileTestKit.ReadAll(fs, path);
            Assert.True(read.Length >= synced.Length, $"seed {seed}: synced bytes lost ({read.Length})");
            Assert.Equal(synced, read[..synced.Length]);

            using (IWritableFile again = fs.OpenForAppend(path))
            {
                again.Append([42]);
                again.Sync();
            }

            Assert.Equal([.. read, 42], EncryptedFileTestKit.ReadAll(fs, path));
        }

        file.Dispose();
    }

    [Fact]
    public void Mapped_DecryptsOnlyTouchedPages_AndIsThreadSafe()
    {
        EncryptedFileTestKit kit = new();
        byte[] data = EncryptedFileTestKit.Bytes(64 * Page, 12);
        kit.Write(EncryptedFileTestKit.At("f"), data);
        using IMappedFile mapped = kit.Fs.OpenMapped(EncryptedFileTestKit.At("f"));
        Parallel.For(0, 2000, i =>
        {
            Random random = new(i);
            int offset = random.Next(data.Length);
            int length = random.Next(Math.Min(3 * Page, data.Length - offset));
            Assert.True(data.AsSpan(offset, length).SequenceEqual(mapped.GetSpan(offset, length)));
        });
    }

    private static void CollectCounters(EncryptedFileTestKit kit, string path, Dictionary<ulong, string> seen)
    {
        byte[] raw = kit.Raw.ReadAllBytes(path);
        int position = EncryptedFileFormat.HeaderSize;
        while (position + EncryptedFileFormat.FrameHeaderSize <= raw.Length)
        {
            FrameHeader header = FrameHeader.Read(raw.AsSpan(position));
            string frame = Convert.ToHexString(raw.AsSpan(position, header.FrameSize));

            // A counter seen again must be the very same frame: a different frame under it would repeat a nonce.
            if (seen.TryGetValue(header.Counter, out string? earlier))
            {
                Assert.Equal(earlier, frame);
            }

            seen[header.Counter] = frame;
            position += header.FrameSize;
        }
    }

    private static byte[] Marker(int size)
    {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            data[i] = "MARKER-"u8[i % 7];
        }

        return data;
    }
}
