using System.CommandLine;
using C1.Connector.V2;

namespace Engine.Cli.Commands;

/// <summary>Options and argument forms several commands share: <c>--sync</c>, and resource ids written <c>TYPE/ID</c>.</summary>
internal static class CommonOptions
{
    /// <summary>The <c>--sync</c> option: the sync to read (a KSUID).</summary>
    public static Option<string?> Sync(string description) => new("--sync") { Description = description };

    /// <summary>
    /// Parses <c>TYPE/ID</c> (split at the first slash: resource type ids hold none, resource ids may) into a resource id;
    /// anything else is a usage error naming <paramref name="what"/>.
    /// </summary>
    public static ResourceId ParseResourceId(string text, string what)
    {
        int slash = text.IndexOf('/', System.StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new CliException(ExitCodes.Usage, $"{what} '{text}' is not of the form TYPE/ID");
        }

        return new ResourceId { ResourceType = text[..slash], Resource = text[(slash + 1)..] };
    }

    /// <summary>A resource id as <c>TYPE/ID</c>, or "-" for none.</summary>
    public static string Show(ResourceId? id) => id is null || id.Resource.Length == 0 ? "-" : $"{id.ResourceType}/{id.Resource}";
}
