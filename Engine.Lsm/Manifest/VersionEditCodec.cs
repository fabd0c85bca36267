using System;
using System.Buffers;
using Engine.Api;
using Engine.Core.Encoding;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Manifest;

/// <summary>Encodes and decodes a <see cref="VersionEdit"/> as one manifest record.</summary>
/// <remarks>
/// <code>
/// record := field*
/// field  := tag (varint32) value
///   1 log number        varint64
///   2 next file number  varint64
///   3 last sequence     varint64
///   4 deleted file      level varint32, number varint64
///   5 new file          level varint32, number varint64, size varint64,
///                       smallest (varint32 length + bytes), largest (same),
///                       smallest seq varint64, largest seq varint64
///   6 format version    varint32
/// </code>
/// An unknown tag, a truncated field, a level out of range or a key shorter than its trailer is corruption.
/// Stateless; thread-safe.
/// </remarks>
internal static class VersionEditCodec
{
    public const int CurrentFormatVersion = 1;

    private const uint TagLogNumber = 1;
    private const uint TagNextFileNumber = 2;
    private const uint TagLastSequence = 3;
    private const uint TagDeletedFile = 4;
    private const uint TagNewFile = 5;
    private const uint TagFormatVersion = 6;

    public static void Encode(VersionEdit edit, IBufferWriter<byte> output)
    {
        if (edit.FormatVersion is int format)
        {
            output.WriteVarint32(TagFormatVersion);
            output.WriteVarint32((uint)format);
        }

        WriteOptional(output, TagLogNumber, edit.LogNumber);
        WriteOptional(output, TagNextFileNumber, edit.NextFileNumber);
        WriteOptional(output, TagLastSequence, edit.LastSequence);
        foreach ((int level, ulong number) in edit.DeletedFiles)
        {
            output.WriteVarint32(TagDeletedFile);
            output.WriteVarint32((uint)level);
            output.WriteVarint64(number);
        }

        foreach ((int level, FileMetadata file) in edit.NewFiles)
        {
            output.WriteVarint32(TagNewFile);
            output.WriteVarint32((uint)level);
            output.WriteVarint64(file.Number);
            output.WriteVarint64((ulong)file.Size);
            output.WriteLengthPrefixed(file.Smallest);
            output.WriteLengthPrefixed(file.Largest);
            output.WriteVarint64(file.SmallestSequence);
            output.WriteVarint64(file.LargestSequence);
        }
    }

    /// <summary>Decodes one record found at <paramref name="recordOffset"/> of <paramref name="path"/>.</summary>
    /// <exception cref="CorruptionException">The record is malformed.</exception>
    public static VersionEdit Decode(ReadOnlySpan<byte> record, string path, long recordOffset)
    {
        VersionEdit edit = new();
        SpanReader reader = new(record);
        while (reader.Remaining > 0)
        {
            if (!reader.TryReadVarint32(out uint tag))
            {
                Fail(path, recordOffset, "truncated tag");
            }

            switch (tag)
            {
                case TagLogNumber:
                    edit.LogNumber = ReadVarint64(ref reader, path, recordOffset);
                    break;
                case TagNextFileNumber:
                    edit.NextFileNumber = ReadVarint64(ref reader, path, recordOffset);
                    break;
                case TagLastSequence:
                    edit.LastSequence = ReadVarint64(ref reader, path, recordOffset);
                    break;
                case TagFormatVersion:
                    edit.FormatVersion = (int)ReadVarint32(ref reader, path, recordOffset, int.MaxValue);
                    break;
                case TagDeletedFile:
                    int deletedLevel = ReadLevel(ref reader, path, recordOffset);
                    edit.DeletedFiles.Add((deletedLevel, ReadVarint64(ref reader, path, recordOffset)));
                    break;
                case TagNewFile:
                    edit.NewFiles.Add(ReadNewFile(ref reader, path, recordOffset));
                    break;
                default:
                    Fail(path, recordOffset, $"unknown version edit tag {tag}");
                    break;
            }
        }

        return edit;
    }

    private static (int Level, FileMetadata File) ReadNewFile(ref SpanReader reader, string path, long offset)
    {
        int level = ReadLevel(ref reader, path, offset);
        ulong number = ReadVarint64(ref reader, path, offset);
        ulong size = ReadVarint64(ref reader, path, offset);
        byte[] smallest = ReadKey(ref reader, path, offset);
        byte[] largest = ReadKey(ref reader, path, offset);
        ulong smallestSequence = ReadVarint64(ref reader, path, offset);
        ulong largestSequence = ReadVarint64(ref reader, path, offset);
        if (size > long.MaxValue || smallestSequence > largestSequence || InternalKey.Compare(smallest, largest) > 0)
        {
            Fail(path, offset, $"table {number} has inconsistent bounds");
        }

        return (level, new FileMetadata(number, (long)size, smallest, largest, smallestSequence, largestSequence));
    }

    private static byte[] ReadKey(ref SpanReader reader, string path, long offset)
    {
        if (!reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> key) || key.Length < InternalKey.TrailerSize)
        {
            Fail(path, offset, "truncated or short table bound");
        }

        return key.ToArray();
    }

    private static int ReadLevel(ref SpanReader reader, string path, long offset) =>
        (int)ReadVarint32(ref reader, path, offset, TreeVersion.LevelCount - 1);

    private static uint ReadVarint32(ref SpanReader reader, string path, long offset, int max)
    {
        if (!reader.TryReadVarint32(out uint value) || value > (uint)max)
        {
            Fail(path, offset, "truncated or out-of-range field");
        }

        return value;
    }

    private static ulong ReadVarint64(ref SpanReader reader, string path, long offset)
    {
        if (!reader.TryReadVarint64(out ulong value))
        {
            Fail(path, offset, "truncated field");
        }

        return value;
    }

    private static void WriteOptional(IBufferWriter<byte> output, uint tag, ulong? value)
    {
        if (value is ulong v)
        {
            output.WriteVarint32(tag);
            output.WriteVarint64(v);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string path, long offset, string reason) =>
        ThrowHelper.ThrowCorruption(path, offset, "manifest record: " + reason);
}
