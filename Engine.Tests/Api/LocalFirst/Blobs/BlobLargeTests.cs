using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>A 1 GiB blob streamed in and read back on a real directory, with the managed heap sampled all along.</summary>
[Trait("Category", "Disk")]
[Collection(ProcessMemory.Name)]
public sealed class BlobLargeTests(ITestOutputHelper output)
{
    private const long Size = 1L << 30;

    /// <summary>
    /// The bound on the live managed heap's growth over its level before the put while 1 GiB passes through: 192 MiB,
    /// inside the spec's 256 MiB process budget (the level before excludes what other tests' shared fixtures hold).
    /// What the blob path holds is a 256 KiB chunk buffer and a 64 KiB segment buffer; besides them the heap holds the
    /// engine's bounded caches (the 32 MiB block cache fills as chunks are read back) and the test process's baseline
    /// (xunit and the other test classes' state: 17 to 35 MiB). Measured: 52 MiB alone, 115 MiB in a full CI run. Any
    /// buffering proportional to the blob would pass the bound a fifth of the way in.
    /// </summary>
    private const long HeapBoundBytes = 192L << 20;

    /// <summary>
    /// The heap is sampled every 64 MiB that pass, after a full collection: what the blob path keeps alive, not the
    /// short-lived garbage a sample without a collection would count (its size depends on when the GC last ran).
    /// </summary>
    private const long SampleEveryBytes = 64L << 20;

    private static long LiveHeap() => GC.GetTotalMemory(forceFullCollection: true);

    [Fact]
    public async Task AOneGibibyteBlob_StreamsInAndOut_WithTheHeapFarBelow256MiB()
    {
        using TempDirectory temp = new("blob-large");
        using LocalStore store = LocalStore.Open(temp.Combine("store"));
        GC.Collect();
        long baseline = GC.GetTotalMemory(true);
        Stopwatch clock = Stopwatch.StartNew();

        GeneratedStream source = new(Size, seed: 42);
        BlobMetadata meta = await store.Blobs.PutAsync(source);
        TimeSpan putTime = clock.Elapsed;
        Assert.Equal(Size, meta.Size);
        Assert.Equal(Convert.ToHexStringLower(source.Sha256()), meta.Sha256Hex);

        long sinkMax = 0;
        long sinceSample = 0;
        using IncrementalHash sink = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (Stream read = (await store.Blobs.OpenReadAsync(meta.Id))!)
        {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = await read.ReadAsync(buffer)) > 0)
            {
                sink.AppendData(buffer, 0, n);
                sinceSample += n;
                if (sinceSample >= SampleEveryBytes)
                {
                    sinceSample = 0;
                    sinkMax = Math.Max(sinkMax, LiveHeap());
                }
            }
        }

        Assert.Equal(meta.Sha256Hex, Convert.ToHexStringLower(sink.GetHashAndReset()));
        output.WriteLine($"put {putTime.TotalSeconds:0.0} s, read {(clock.Elapsed - putTime).TotalSeconds:0.0} s; heap baseline {baseline >> 20} MiB, max during put {source.MaxHeap >> 20} MiB, during read {sinkMax >> 20} MiB");
        Assert.True(source.MaxHeap - baseline < HeapBoundBytes, $"the heap grew by {(source.MaxHeap - baseline) >> 20} MiB during the put");
        Assert.True(sinkMax - baseline < HeapBoundBytes, $"the heap grew by {(sinkMax - baseline) >> 20} MiB during the read");
        Assert.True(await store.Blobs.DeleteAsync(meta.Id));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Directory, "blobs"), "*", SearchOption.AllDirectories));
    }

    /// <summary>A non-seekable source of pseudo-random bytes that hashes what it hands out and samples the live heap as it goes.</summary>
    private sealed class GeneratedStream(long length, ulong seed) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private ulong _state = seed | 1;
        private long _position;
        private long _sinceSample;

        public long MaxHeap { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] Sha256() => _hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length & ~7, length - _position);
            _sinceSample += n;
            if (_sinceSample >= SampleEveryBytes)
            {
                _sinceSample = 0;
                MaxHeap = Math.Max(MaxHeap, LiveHeap());
            }

            Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(buffer[..(n & ~7)]);
            for (int i = 0; i < words.Length; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                words[i] = _state;
            }

            _hash.AppendData(buffer[..n]);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
