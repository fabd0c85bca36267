using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// The commit pipeline under concurrency: group commit wakes the right writers, and memtable rotation syncs the old
/// WAL without holding the store's mutex.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmCommitPipelineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Commit_SixteenThreadsSynced_EveryWriteAcknowledgedAndSyncsShared()
    {
        SlowSyncFileSystem fs = new(new MemFileSystem(), TimeSpan.FromMilliseconds(1));
        const int Threads = 16;
        const int PerThread = 200;
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { WriteBufferSizeBytes = 64 << 10 });
        long syncsBefore = fs.Syncs;

        Task[] writers = [.. Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                db.Put(Key(t, i), Key(i, t), WriteOptions.Synced);
            }
        }, TaskCreationOptions.LongRunning))];
        await Task.WhenAll(writers).WaitAsync(s_timeout);

        for (int t = 0; t < Threads; t++)
        {
            for (int i = 0; i < PerThread; i++)
            {
                Assert.Equal(Key(i, t), db.Get(Key(t, i)));
            }
        }

        // Writers that queue behind a syncing leader share its next sync.
        Assert.True(fs.Syncs - syncsBefore < Threads * PerThread, $"{fs.Syncs - syncsBefore} syncs for {Threads * PerThread} writes");
    }

    [Fact]
    public async Task Rotation_OldLogSyncBlocked_MutexStaysFreeAndWritesLandAfter()
    {
        using GatedLogSyncFileSystem fs = new(new MemFileSystem());
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions());
        db.Put("before"u8, "1"u8);

        // Flush rotates the memtable: the leader closes (syncs) the old WAL, which the gate now holds.
        fs.Arm();
        Task flush = Task.Run(db.Flush);
        Assert.True(fs.Entered.Wait(s_timeout), "the rotation never synced the old log");

        // GetMetrics takes the store's mutex: it returns while the old log's sync is still held.
        Task<ulong> metrics = Task.Run(() => db.GetMetrics().VisibleSequence);
        await metrics.WaitAsync(s_timeout); // a TimeoutException here: the mutex was held across the WAL sync
        Assert.False(flush.IsCompleted);

        // A writer arriving now queues behind the rotating leader and commits once it finishes.
        Task write = Task.Run(() => db.Put("during"u8, "2"u8));
        fs.Release();
        await Task.WhenAll(flush, write).WaitAsync(s_timeout);

        Assert.Equal("1"u8.ToArray(), db.Get("before"u8));
        Assert.Equal("2"u8.ToArray(), db.Get("during"u8));
        Assert.Equal(1, db.GetMetrics().FilesPerLevel.Sum());
    }

    private static byte[] Key(int a, int b) => System.Text.Encoding.ASCII.GetBytes($"k{a:D3}-{b:D5}");

    /// <summary>Holds the first sync of a WAL after <see cref="Arm"/> until <see cref="Release"/>.</summary>
    private sealed class GatedLogSyncFileSystem(IFileSystem inner) : IFileSystem, IDisposable
    {
        private readonly ManualResetEventSlim _release = new(false);
        private int _armed;

        public ManualResetEventSlim Entered { get; } = new(false);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Entered.Dispose();
        }

        public IWritableFile Create(string path) => new GatedFile(this, inner.Create(path));

        public IWritableFile OpenForAppend(string path) => new GatedFile(this, inner.OpenForAppend(path));

        public IReadableFile OpenRead(string path) => inner.OpenRead(path);

        public IMappedFile OpenMapped(string path) => inner.OpenMapped(path);

        public bool Exists(string path) => inner.Exists(path);

        public long GetLength(string path) => inner.GetLength(path);

        public void Rename(string from, string to) => inner.Rename(from, to);

        public void Delete(string path) => inner.Delete(path);

        public void CreateDirectory(string path) => inner.CreateDirectory(path);

        public bool DirectoryExists(string path) => inner.DirectoryExists(path);

        public IReadOnlyList<string> List(string directory) => inner.List(directory);

        public IDisposable Lock(string path) => inner.Lock(path);

        private void BeforeSync(string path)
        {
            if (path.EndsWith(".log", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Entered.Set();
                _release.Wait(s_timeout);
            }
        }

        private sealed class GatedFile(GatedLogSyncFileSystem owner, IWritableFile file) : IWritableFile
        {
            public string Path => file.Path;

            public long Length => file.Length;

            public void Append(ReadOnlySpan<byte> data) => file.Append(data);

            public void Sync()
            {
                owner.BeforeSync(file.Path);
                file.Sync();
            }

            public void Truncate(long length) => file.Truncate(length);

            public void Dispose() => file.Dispose();
        }
    }
}
