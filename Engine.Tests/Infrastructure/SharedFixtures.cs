namespace Engine.Tests.Infrastructure;

/// <summary>
/// Finds the team's shared folder (specs and fixtures), which sits beside the repository root on developer machines and
/// in CI: the nearest ancestor of the test assembly's folder that has a <c>shared</c> sibling holding
/// <c>fixtures/c1z</c>. <c>ENGINE_SHARED_DIR</c> overrides the search. A missing folder fails the test that asks: the
/// fixtures are required, never skipped.
/// </summary>
internal static class SharedFixtures
{
    private static readonly string s_root = Locate();

    /// <summary>The shared folder.</summary>
    public static string Root => s_root;

    /// <summary>The path of fixture <paramref name="name"/> in <c>fixtures/c1z</c>, checked to exist.</summary>
    public static string C1z(string name)
    {
        string path = Path.Combine(s_root, "fixtures", "c1z", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The fixture {name} is missing from {Path.GetDirectoryName(path)}.", path);
        }

        return path;
    }

    private static string Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable("ENGINE_SHARED_DIR");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "fixtures", "c1z")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/fixtures/c1z beside any ancestor of {AppContext.BaseDirectory}; set ENGINE_SHARED_DIR to the shared folder.");
    }
}
