using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Tests.Infrastructure;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Cli;

/// <summary>
/// A small store on disk for the command tests: two finished full syncs of the same organisation (an org, a group, two
/// users under the org, the group's member entitlement and two grants), the second with a third user and grant.
/// </summary>
internal sealed class CliStore : IDisposable
{
    public static readonly Resource Org = MakeResource("org", "o1");
    public static readonly Resource Group = MakeResource("group", "g1", Org);
    public static readonly Resource Alice = MakeResource("user", "alice", Org);
    public static readonly Resource Bob = MakeResource("user", "bob", Org);
    public static readonly Resource Carol = MakeResource("user", "carol", Org);
    public static readonly Entitlement Member = MakeEntitlement(Group, "member");

    private readonly TempDirectory _temp = new("cli");

    public CliStore()
    {
        Path = _temp.Combine("store");
        using SyncStore store = SyncStore.Open(Path);
        FirstSync = Sync(store, Alice, Bob);
        SecondSync = Sync(store, Alice, Bob, Carol);
        store.Close();
    }

    /// <summary>The store directory.</summary>
    public string Path { get; }

    public string FirstSync { get; }

    /// <summary>The latest finished sync, which reads default to.</summary>
    public string SecondSync { get; }

    /// <summary>A path in the test's temporary directory.</summary>
    public string Combine(string name) => _temp.Combine(name);

    public void Dispose() => _temp.Dispose();

    private static string Sync(SyncStore store, params Resource[] users)
    {
        string id = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("org"), MakeResourceType("group"), MakeResourceType("user"));
        store.PutResources(Org, Group);
        store.PutResources(users);
        store.PutEntitlements(Member);
        store.PutGrants(users.Select(user => MakeGrant(Member, user)).ToArray());
        store.EndSync();
        return id;
    }
}
