using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Fuzz.Driver;

/// <summary>
/// The files of a target's corpus (<c>Corpus/&lt;target&gt;/*.bin</c>) and of its findings
/// (<c>findings/&lt;target&gt;-&lt;kind&gt;-&lt;hash&gt;.bin</c>, with a <c>.txt</c> beside it saying what failed).
/// </summary>
/// <remarks>Stateless; thread-safe as far as the file system is.</remarks>
internal static class CorpusStore
{
    /// <summary>The corpus folder next to the driver's binaries, where the build copies the checked-in corpus.</summary>
    public static string DefaultCorpusRoot => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>Findings go under <c>Engine.Fuzz/findings</c> when run from the repository root, else <c>findings</c>.</summary>
    public static string DefaultFindingsDirectory =>
        Directory.Exists("Engine.Fuzz") ? Path.Combine("Engine.Fuzz", "findings") : "findings";

    /// <summary>
    /// The inputs in <paramref name="directory"/>, in file-name order so that a seed replays the same run; the target's
    /// own seeds when the folder is missing or empty.
    /// </summary>
    public static IReadOnlyList<byte[]> Load(string directory, IFuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Directory.Exists(directory))
        {
            List<byte[]> inputs = [.. Directory.GetFiles(directory)
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes)];
            if (inputs.Count > 0)
            {
                return inputs;
            }
        }

        return [.. target.Seeds()];
    }

    /// <summary>Writes the target's seeds as <c>seed-NN.bin</c>, replacing the folder's earlier seeds; returns how many.</summary>
    public static int WriteSeeds(string directory, IFuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Directory.CreateDirectory(directory);
        foreach (string old in Directory.GetFiles(directory, "seed-*.bin"))
        {
            File.Delete(old);
        }

        int count = 0;
        foreach (byte[] seed in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"seed-{count:D2}.bin")), seed);
            count++;
        }

        return count;
    }

    /// <summary>Writes a failing input and its description; returns the input's path.</summary>
    public static string WriteFinding(string directory, string target, FuzzFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Directory.CreateDirectory(directory);
        string name = $"{target}-{failure.Kind.ToString().ToLowerInvariant()}-{Hash(failure.Input)}";
        string path = Path.Combine(directory, name + ".bin");
        File.WriteAllBytes(path, failure.Input);
        File.WriteAllText(Path.Combine(directory, name + ".txt"), Describe(target, failure));
        return path;
    }

    /// <summary>A short, stable name for an input: the first 16 hex digits of its SHA-256.</summary>
    public static string Hash(ReadOnlySpan<byte> input) => Convert.ToHexStringLower(SHA256.HashData(input))[..16];

    /// <summary>What failed, the input as hex, and the stack.</summary>
    public static string Describe(string target, FuzzFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"target {target}: {failure.Kind}, input of {failure.Input.Length} bytes").AppendLine();
        text.Append("input (hex): ").AppendLine(Convert.ToHexString(failure.Input.AsSpan(0, Math.Min(failure.Input.Length, 4096))));
        text.AppendLine(failure.Detail);
        return text.ToString();
    }
}
