using Engine.Core.Buffers;

namespace Engine.Tests.Core.Buffers;

[Trait("Category", "Unit")]
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Write_GrowsAndKeepsBytesContiguous()
    {
        using PooledBufferWriter writer = new(16);
        byte[] expected = new byte[10_000];
        new Random(7).NextBytes(expected);

        for (int i = 0; i < expected.Length; i += 100)
        {
            writer.Write(expected.AsSpan(i, 100));
        }

        Assert.Equal(expected.Length, writer.WrittenCount);
        Assert.True(writer.WrittenSpan.SequenceEqual(expected));
    }

    [Fact]
    public void Clear_ForgetsBytesButReusesBuffer()
    {
        using PooledBufferWriter writer = new();
        writer.Write([1, 2, 3]);
        writer.Clear();
        writer.Write([9]);

        Assert.Equal(new byte[] { 9 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Advance_PastCapacity_Throws()
    {
        using PooledBufferWriter writer = new();
        int available = writer.GetSpan(1).Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(available + 1));
    }

    [Fact]
    public void BufferLease_SpanHasRequestedLength()
    {
        using BufferLease lease = BufferLease.Rent(1000);

        Assert.Equal(1000, lease.Span.Length);
        Assert.True(lease.Array.Length >= 1000);
    }
}
