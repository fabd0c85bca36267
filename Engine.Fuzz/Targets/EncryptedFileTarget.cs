using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;
using Engine.Fuzz.Driver;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Targets;

/// <summary>The encrypted file layer: header parsing, frame scanning, torn tails, reads, mapped pages and append after reopen.</summary>
/// <remarks>
/// <code>
/// input := | flags (1 B) | raw encrypted file |
/// flags bit 0: reseal the header tag and every complete frame (its bytes encrypted afresh under its header), so
///              mutations of lengths, offsets and counters reach the scanner's sequence rules instead of stopping at a tag.
/// </code>
/// The file is read whole through positional reads and through the mapping (both must agree and never exceed the
/// plaintext length), then opened for append, extended and read again. A damaged file may be rejected only with
/// <see cref="StorageException"/> of code DecryptionFailed (or FailedPrecondition for a newer format version).
/// One thread at a time.
/// </remarks>
internal sealed class EncryptedFileTarget : IFuzzTarget
{
    private const string FilePath = "/fuzz/000001.sst";

    private static readonly StaticKeyring s_keyring = StaticKeyring.ForTests();

    public string Name => "encrypted-file";

    public string Description => "Engine.Core.Storage.Encryption: encrypted-file header, frame map (regular and scanned), reads, mapped pages, append";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] raw = input[1..].ToArray();
        if ((input[0] & 1) != 0)
        {
            Reseal(raw);
        }

        MemFileSystem inner = new();
        inner.CreateDirectory("/fuzz");
        inner.WriteAllBytes(FilePath, raw, sync: true);
        EncryptedFileSystem fs = new(inner, s_keyring);
        byte[] plain = ReadAll(fs, raw.Length);
        using (IMappedFile mapped = fs.OpenMapped(FilePath))
        {
            if (mapped.Length != plain.Length || !mapped.GetSpan(0, (int)mapped.Length).SequenceEqual(plain))
            {
                throw new FuzzCheckException($"the mapping ({mapped.Length} bytes) and positional reads ({plain.Length} bytes) disagree");
            }
        }

        using (IWritableFile file = fs.OpenForAppend(FilePath))
        {
            if (file.Length != plain.Length)
            {
                throw new FuzzCheckException($"append opens at {file.Length}, reads end at {plain.Length}");
            }

            file.Append([1, 2, 3]);
            file.Sync();
        }

        byte[] after = ReadAll(fs, raw.Length + 200);
        if (after.Length != plain.Length + 3 || !after.AsSpan(0, plain.Length).SequenceEqual(plain))
        {
            throw new FuzzCheckException($"after an append of 3 bytes the file reads {after.Length} bytes, not {plain.Length + 3} with the old ones first");
        }
    }

    public bool IsExpectedRejection(Exception exception) =>
        exception is StorageException { Code: StorageErrorCode.DecryptionFailed or StorageErrorCode.FailedPrecondition };

    public IEnumerable<byte[]> Seeds()
    {
        yield return Seed(0, [], flush: false);
        yield return Seed(1, [[1, 2, 3]], flush: false);
        yield return Seed(1, [new byte[5000]], flush: false);
        yield return Seed(1, [.. Enumerable.Range(0, 12).Select(i => new byte[100 + (i * 37)])], flush: true);
    }

    private static byte[] Seed(byte flags, IEnumerable<byte[]> appends, bool flush)
    {
        MemFileSystem inner = new();
        inner.CreateDirectory("/fuzz");

        // Fixed salt and file id, so the checked-in corpus matches the seeds.
        EncryptedFileSystem fs = new(inner, s_keyring, bytes => bytes.Fill(0x5A));
        using (IWritableFile file = fs.Create(FilePath))
        {
            foreach (byte[] data in appends)
            {
                file.Append(data);
                if (flush)
                {
                    file.Flush();
                }
            }

            file.Sync();
        }

        return [flags, .. inner.ReadAllBytes(FilePath)];
    }

    private static byte[] ReadAll(EncryptedFileSystem fs, int bound)
    {
        using IReadableFile file = fs.OpenRead(FilePath);
        if (file.Length < 0 || file.Length > bound)
        {
            throw new FuzzCheckException($"plaintext length {file.Length} from a raw file of about {bound} bytes");
        }

        byte[] plain = new byte[file.Length];
        int done = 0;
        int step = 1;
        while (done < plain.Length)
        {
            int read = file.Read(done, plain.AsSpan(done, Math.Min(step, plain.Length - done)));
            if (read <= 0)
            {
                throw new FuzzCheckException($"read at {done} returned {read} before the end ({plain.Length})");
            }

            done += read;
            step = (step * 3) + 1;
        }

        return plain;
    }

    /// <summary>Recomputes the header tag, then walks the frames by their headers and reseals each complete one.</summary>
    private static void Reseal(byte[] raw)
    {
        if (raw.Length < EncryptedFileFormat.HeaderSize)
        {
            return;
        }

        FileCipher cipher;
        try
        {
            cipher = FileCipher.SealHeader(s_keyring, FilePath, raw);
        }
        catch (StorageException)
        {
            // A key id the keyring does not hold: the file stays as it is.
            return;
        }

        using (cipher)
        {
            int position = EncryptedFileFormat.HeaderSize;
            while (raw.Length - position >= EncryptedFileFormat.FrameHeaderSize)
            {
                FrameHeader header = FrameHeader.Read(raw.AsSpan(position));
                if (header.Length < 0 || header.Length > cipher.PageSize || raw.Length - position < header.FrameSize)
                {
                    break;
                }

                byte[] body = raw.AsSpan(position + EncryptedFileFormat.FrameHeaderSize, header.Length).ToArray();
                cipher.SealFrame(header, body, raw.AsSpan(position, header.FrameSize));
                position += header.FrameSize;
            }
        }
    }
}
