namespace Engine.Tests.Infrastructure;

/// <summary>
/// A fresh directory under the system temp directory for one test, deleted (with retries) on dispose.
/// </summary>
/// <remarks>
/// Deletion retries because a handle released by another thread, a virus scanner or the Windows indexer can keep a
/// file busy for a moment; after the last retry the failure surfaces, since it usually means a leaked handle.
/// Not thread-safe; one test owns it.
/// </remarks>
public sealed class TempDirectory : IDisposable
{
    private const int DeleteAttempts = 10;

    public TempDirectory(string prefix = "engine")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "engine-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && attempt < DeleteAttempts)
            {
                Thread.Sleep(20 * attempt);
            }
        }
    }
}
