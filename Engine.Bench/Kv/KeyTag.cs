namespace Engine.Bench.Kv;

/// <summary>
/// Which workload a key sequence or value belongs to. The first seven are the rig's tags and seed its generators
/// (<c>seed * 256 + tag</c>); the others are ours and sit far from them so that they never share a stream.
/// </summary>
/// <remarks>A plain enum; thread-safe.</remarks>
internal enum KeyTag
{
    FillSeq = 0,
    FillRandom = 1,
    ReadRandom = 2,
    ReadMissing = 3,
    SeekRandom = 4,
    Overwrite = 5,
    DeleteRandom = 6,

    /// <summary>The reader of readwhilewriting: random present keys.</summary>
    ReadWhileWriting = 16,

    /// <summary>The writer of readwhilewriting: random present keys, written with <see cref="Overwrite"/> values.</summary>
    WhileWritingWriter = 17,
}
