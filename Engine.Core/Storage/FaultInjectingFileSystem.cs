using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>
/// Wraps any <see cref="IFileSystem"/> (and the files it opens) and makes chosen operations fail the way real
/// failures surface: a <see cref="StorageException"/> with <see cref="StorageErrorCode.Unavailable"/> (EIO) or
/// <see cref="StorageErrorCode.ResourceExhausted"/> (ENOSPC), whose message says "injected" and names the path.
/// Engine code therefore handles injected and real faults identically.
/// </summary>
/// <remarks>
/// <para>
/// A failing operation does nothing before it throws (a failing append may write a torn prefix; see
/// <see cref="FaultPolicy.TornWrites"/>). <see cref="IFileSystem.Exists"/>, <see cref="IFileSystem.DirectoryExists"/>,
/// <see cref="IMappedFile.GetSpan"/> and every Dispose pass through untouched: they cannot fail on real storage
/// either, short of a crash. The policy can be replaced at any time (<see cref="SetPolicy"/>, <see cref="Disable"/>),
/// so a test can heal the disk and reopen.
/// </para>
/// <para>
/// Thread-safe: the policy, its counters and its random draws are guarded by one lock, so the sequence of faults is
/// deterministic for a seed when one thread issues the operations.
/// </para>
/// </remarks>
internal sealed class FaultInjectingFileSystem : IFileSystem
{
    private static readonly int s_kindCount = BitOperations.PopCount((uint)FileOperationKind.All);

    private readonly IFileSystem _inner;
    private readonly Lock _lock = new();

    // Everything below is guarded by _lock.
    // The installed policy; null when faults are off.
    private FaultPolicy? _policy;

    // Seeded from the policy when it is installed.
    private Random _random = new(0);

    // Operations that matched the policy since it was installed.
    private long _matched;

    // Set by the first fault of a sticky policy.
    private bool _failing;

    private long _faultsInjected;

    // Operations seen per kind, indexed by bit position, whatever the policy.
    private readonly long[] _seen = new long[s_kindCount];

    // Bytes appends may still write before the disk is full; null when there is no quota.
    private long? _spaceLeft;

    // Called before each counted operation; see BeforeOperation.
    private volatile Action<FileOperationKind, string>? _beforeOperation;

    public FaultInjectingFileSystem(IFileSystem inner, FaultPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        SetPolicy(policy);
    }

    /// <summary>The wrapped file system.</summary>
    public IFileSystem Inner => _inner;

    /// <summary>The policy in force; null when faults are off.</summary>
    public FaultPolicy? Policy
    {
        get
        {
            lock (_lock)
            {
                return _policy;
            }
        }
    }

    /// <summary>
    /// Called on the calling thread before each counted operation runs (and before its fault is decided), outside any
    /// lock of this file system: a test takes <see cref="MemFileSystem.CrashClone(CrashOptions)"/> of the inner file
    /// system here to crash just before the operation. Null (the default) calls nothing.
    /// </summary>
    public Action<FileOperationKind, string>? BeforeOperation
    {
        get => _beforeOperation;
        set => _beforeOperation = value;
    }

    /// <summary>Faults injected since this file system was made.</summary>
    public long FaultsInjected
    {
        get
        {
            lock (_lock)
            {
                return _faultsInjected;
            }
        }
    }

    /// <summary>Installs a policy (null turns faults off), restarting its count of matching operations.</summary>
    public void SetPolicy(FaultPolicy? policy)
    {
        policy?.Validate();
        lock (_lock)
        {
            _policy = policy;
            _random = new Random(policy?.Seed ?? 0);
            _matched = 0;
            _failing = false;
        }
    }

    /// <summary>
    /// A quota on appended bytes, lowered and raised by a test to fill the disk and free it again: an append that does
    /// not fit writes what fits (a short write, as a real full disk does) and throws
    /// <see cref="Api.StorageFullException"/>. Every other operation is unaffected, and truncations and deletions give
    /// nothing back: the test decides when space returns. Null (the default) means no quota. Independent of the policy.
    /// </summary>
    public long? SpaceLeft
    {
        get
        {
            lock (_lock)
            {
                return _spaceLeft;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value ?? 0);
            lock (_lock)
            {
                _spaceLeft = value;
            }
        }
    }

    /// <summary>Turns faults off: the disk is healthy again.</summary>
    public void Disable() => SetPolicy(null);

    /// <summary>Operations of the given kinds seen since this file system was made, failed or not.</summary>
    public long OperationCount(FileOperationKind kinds)
    {
        long total = 0;
        lock (_lock)
        {
            for (int bit = 0; bit < s_kindCount; bit++)
            {
                if (((int)kinds & (1 << bit)) != 0)
                {
                    total += _seen[bit];
                }
            }
        }

        return total;
    }

    public IWritableFile Create(string path)
    {
        Check(FileOperationKind.Create, path);
        return new FaultInjectingWritableFile(this, _inner.Create(path));
    }

    public IWritableFile OpenForAppend(string path)
    {
        Check(FileOperationKind.Create, path);
        return new FaultInjectingWritableFile(this, _inner.OpenForAppend(path));
    }

    public IReadableFile OpenRead(string path)
    {
        Check(FileOperationKind.Open, path);
        return new FaultInjectingReadableFile(this, _inner.OpenRead(path));
    }

    public IMappedFile OpenMapped(string path)
    {
        Check(FileOperationKind.Open, path);
        return _inner.OpenMapped(path);
    }

    public bool Exists(string path) => _inner.Exists(path);

    public long GetLength(string path)
    {
        Check(FileOperationKind.Metadata, path);
        return _inner.GetLength(path);
    }

    public void Rename(string from, string to)
    {
        if (ShouldFail(FileOperationKind.Rename, from, to, 0, out InjectedFaultKind fault, out _))
        {
            ThrowInjected(fault, FileOperationKind.Rename, from, to);
        }

        _inner.Rename(from, to);
    }

    public void Delete(string path)
    {
        Check(FileOperationKind.Delete, path);
        _inner.Delete(path);
    }

    public void CreateDirectory(string path)
    {
        Check(FileOperationKind.Metadata, path);
        _inner.CreateDirectory(path);
    }

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public IReadOnlyList<string> List(string directory)
    {
        Check(FileOperationKind.List, directory);
        return _inner.List(directory);
    }

    public IDisposable Lock(string path)
    {
        Check(FileOperationKind.Lock, path);
        return _inner.Lock(path);
    }

    /// <summary>Counts one operation and throws the injected fault when the policy says it fails.</summary>
    internal void Check(FileOperationKind kind, string path)
    {
        if (ShouldFail(kind, path, null, 0, out InjectedFaultKind fault, out _))
        {
            ThrowInjected(fault, kind, path);
        }
    }

    /// <summary>
    /// Counts one operation and decides whether it fails. For a failing write of <paramref name="dataLength"/> bytes,
    /// <paramref name="tornBytes"/> is how many of them to write first (0 unless the policy tears writes).
    /// </summary>
    internal bool ShouldFail(
        FileOperationKind kind, string path, string? otherPath, int dataLength, out InjectedFaultKind fault, out int tornBytes)
    {
        fault = InjectedFaultKind.IOError;
        tornBytes = 0;
        _beforeOperation?.Invoke(kind, path);
        lock (_lock)
        {
            _seen[BitOperations.TrailingZeroCount((uint)kind)]++;
            FaultPolicy? policy = _policy;
            if (policy is null || (policy.Kinds & kind) == 0 || !Matches(policy, path, otherPath))
            {
                return false;
            }

            _matched++;
            bool fails = _failing
                || (policy.FailAt > 0 ? _matched == policy.FailAt : _random.NextDouble() < policy.Probability);
            if (!fails)
            {
                return false;
            }

            _failing = policy.Sticky;
            _faultsInjected++;
            fault = policy.Fault;
            if (policy.TornWrites && dataLength > 0)
            {
                tornBytes = _random.Next(dataLength);
            }

            return true;
        }
    }

    /// <summary>
    /// Takes room for an append of <paramref name="length"/> bytes from the quota; false, with <paramref name="fits"/>
    /// the bytes that still fit (now taken), when the append does not fit.
    /// </summary>
    internal bool TryTakeSpace(int length, out int fits)
    {
        lock (_lock)
        {
            if (_spaceLeft is not long left || left >= length)
            {
                _spaceLeft -= length;
                fits = length;
                return true;
            }

            fits = (int)left;
            _spaceLeft = 0;
            _faultsInjected++;
            return false;
        }
    }

    [DoesNotReturn]
    internal static void ThrowInjected(InjectedFaultKind fault, FileOperationKind kind, string path, string? otherPath = null)
    {
        string subject = otherPath is null ? $"'{path}'" : $"'{path}' to '{otherPath}'";
        if (fault == InjectedFaultKind.DiskFull)
        {
            ThrowHelper.ThrowStorageFull($"injected disk full: {kind} of {subject} failed (no space left on device)");
        }

        ThrowHelper.ThrowUnavailable($"injected I/O error: {kind} of {subject} failed", null);
    }

    private static bool Matches(FaultPolicy policy, string path, string? otherPath) =>
        policy.PathContains is not { } text
        || path.Contains(text, StringComparison.Ordinal)
        || (otherPath is not null && otherPath.Contains(text, StringComparison.Ordinal));
}
