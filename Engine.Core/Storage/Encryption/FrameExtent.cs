namespace Engine.Core.Storage.Encryption;

/// <summary>A run of plaintext held by one frame.</summary>
/// <param name="PlainStart">The first plaintext offset of the run.</param>
/// <param name="PlainLength">The run's length: the frame's length, or less when a later frame cut the plaintext.</param>
/// <param name="CipherOffset">Where the frame starts in the raw file.</param>
/// <param name="FramePlainOffset">The plaintext offset of the frame's first byte (its header's offset).</param>
/// <param name="FrameLength">The frame's plaintext length (its header's length).</param>
internal readonly record struct FrameExtent(long PlainStart, int PlainLength, long CipherOffset, long FramePlainOffset, int FrameLength)
{
    /// <summary>The offset just past the run.</summary>
    public long PlainEnd => PlainStart + PlainLength;
}
