using System.Globalization;

namespace Engine.Cli.Demo;

/// <summary>
/// The ids of the demo organisation's records, with the reference's conventions (shared/spec/baton-storage.md,
/// section 2.2): an entitlement is <c>{type}:{resource}:{slug}</c>, a grant <c>{entitlement}:{principal type}:{principal}</c>.
/// </summary>
internal static class DemoIds
{
    public const string UserType = "user";
    public const string GroupType = "group";
    public const string RoleType = "role";
    public const string ProjectType = "project";

    public const string Member = "member";
    public const string Assigned = "assigned";

    public static string User(int number) => "u" + number.ToString("D5", CultureInfo.InvariantCulture);

    public static string Group(int index) => "g" + index.ToString("D4", CultureInfo.InvariantCulture);

    public static string Role(int index) => "r" + index.ToString("D2", CultureInfo.InvariantCulture);

    public static string Project(int index) => "p" + index.ToString("D4", CultureInfo.InvariantCulture);

    public static string Entitlement(string resourceType, string resource, string slug) => $"{resourceType}:{resource}:{slug}";

    public static string Grant(string entitlementId, string principalType, string principal) => $"{entitlementId}:{principalType}:{principal}";
}
