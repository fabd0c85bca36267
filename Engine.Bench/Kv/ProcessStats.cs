using System.Globalization;

namespace Engine.Bench.Kv;

/// <summary>
/// What the rig measures outside the clock, measured the rig's way: peak RSS (reset through
/// <c>/proc/self/clear_refs</c>, read from <c>VmHWM</c>), bytes on disk (the sum of file sizes under a directory), and
/// the bytes this process handed to <c>write(2)</c> (<c>wchar</c> in <c>/proc/self/io</c>).
/// </summary>
/// <remarks>Stateless; thread-safe. Linux only; elsewhere the readings are 0 or -1.</remarks>
internal static class ProcessStats
{
    /// <summary>Resets the peak resident set size to the current one; best effort, as in the rig.</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without clear_refs the peak covers the whole process so far; the rig accepts the same.
        }
    }

    /// <summary>The peak resident set size since the last reset, in MiB; 0 when unknown.</summary>
    public static double PeakRssMb()
    {
        string? line = ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        string kib = line[6..].Trim().Split(' ')[0];
        return double.Parse(kib, CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Bytes this process has passed to write-like system calls, or -1 when unknown.</summary>
    public static long WrittenBytes()
    {
        string? line = ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return line is not null && long.TryParse(line[6..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes) ? bytes : -1;
    }

    /// <summary>The sum of the sizes of the files under <paramref name="directory"/>.</summary>
    /// <remarks>Background compaction may delete a file while it is listed; such a file counts as gone.</remarks>
    public static long DirectoryBytes(string directory)
    {
        long total = 0;
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            try
            {
                total += new FileInfo(path).Length;
            }
            catch (FileNotFoundException)
            {
                // Deleted between the listing and the stat.
            }
        }

        return total;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
