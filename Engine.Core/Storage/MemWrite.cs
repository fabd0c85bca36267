using System;

namespace Engine.Core.Storage;

/// <summary>
/// One unsynced change to a <see cref="MemInode"/>, kept so that a crash can replay any prefix or subset of them:
/// a write of <see cref="Data"/> at <see cref="Offset"/>, or, when <see cref="Data"/> is null, a truncation to
/// <see cref="Offset"/> bytes.
/// </summary>
/// <remarks>Immutable; the data array is a private copy that nothing changes except <see cref="MemInode.FlipBitLocked"/>.</remarks>
internal readonly struct MemWrite
{
    public MemWrite(long offset, byte[]? data)
    {
        Offset = offset;
        Data = data;
    }

    /// <summary>Where the write starts, or the new length for a truncation.</summary>
    public long Offset { get; }

    /// <summary>The bytes written; null for a truncation.</summary>
    public byte[]? Data { get; }

    public bool IsTruncate => Data is null;

    /// <summary>Applies the change, keeping only the first <paramref name="keptBytes"/> bytes of a write.</summary>
    public void ApplyTo(MemBuffer buffer, int keptBytes)
    {
        if (Data is null)
        {
            buffer.SetLength(Offset);
        }
        else
        {
            buffer.Write(Offset, Data.AsSpan(0, keptBytes));
        }
    }
}
