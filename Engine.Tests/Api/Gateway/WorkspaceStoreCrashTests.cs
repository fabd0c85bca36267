using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// Crashes of the embedded workspace store on the crash-simulating file system, before every file operation of one
/// store call, keeping only durable state (a machine crash) or everything written (a process crash): a removal is the
/// soft delete and every re-homing or none of them, and what a call acknowledged survives.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WorkspaceStoreCrashTests
{
    private const int Members = 24;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ACrashInsideRemoveWorkspace_LeavesTheDeleteAndEveryRehomingWholeOrAbsent()
    {
        MemFileSystem disk = new();
        FaultInjectingFileSystem fs = new(disk);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        string team;
        Dictionary<string, string?> homes = [];
        MemFileSystem acknowledged;
        using (Database db = EmbeddedWorkspaceStoreContractTests.OpenDatabase(fs))
        using (EmbeddedWorkspaceStore store = new(db, _time))
        {
            string owner = await store.GetOrCreateUserAsync(new ExternalIdentity("test", "owner"));
            team = await store.CreateWorkspaceAsync(owner, "Team");
            await store.SetActiveWorkspaceAsync(owner, team);
            homes["owner"] = null;
            for (int i = 0; i < Members; i++)
            {
                // Every other member has a workspace of their own, joined before the team: their re-homing target.
                string name = $"member-{i:D2}";
                string member = await store.GetOrCreateUserAsync(new ExternalIdentity("test", name));
                homes[name] = i % 2 == 0 ? await store.CreateWorkspaceAsync(member, $"Home {i}") : null;
                await store.AddMemberAsync(owner, team, member, WorkspaceRole.Editor);
                await store.SetActiveWorkspaceAsync(member, team);
            }

            fs.BeforeOperation = (_, _) => crashes.Add((disk.CrashClone(), disk.CrashClone(CrashOptions.KeepAll)));
            await store.RemoveWorkspaceAsync(owner, team);
            fs.BeforeOperation = null;
            acknowledged = disk.CrashClone();
        }

        Assert.NotEmpty(crashes);
        HashSet<bool> outcomes = [];
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem crashed in new[] { machine, process })
            {
                outcomes.Add(await AssertWholeOrAbsentAsync(crashed, team, homes));
            }
        }

        Assert.True(await AssertWholeOrAbsentAsync(acknowledged, team, homes), "an acknowledged removal was lost in a machine crash");
        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public async Task ACrashInsideCreateWorkspace_LeavesItWholeOrAbsent_AndAnAcknowledgedOneSurvives()
    {
        MemFileSystem disk = new();
        FaultInjectingFileSystem fs = new(disk);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        string workspaceId;
        MemFileSystem acknowledged;
        using (Database db = EmbeddedWorkspaceStoreContractTests.OpenDatabase(fs))
        using (EmbeddedWorkspaceStore store = new(db, _time))
        {
            string owner = await store.GetOrCreateUserAsync(new ExternalIdentity("test", "owner"));
            await store.GetOrCreateDefaultWorkspaceAsync(owner);
            fs.BeforeOperation = (_, _) => crashes.Add((disk.CrashClone(), disk.CrashClone(CrashOptions.KeepAll)));
            workspaceId = await store.CreateWorkspaceAsync(owner, "Team", "Acknowledged");
            fs.BeforeOperation = null;
            acknowledged = disk.CrashClone();
        }

        Assert.NotEmpty(crashes);
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem crashed in new[] { machine, process })
            {
                using Database db = EmbeddedWorkspaceStoreContractTests.OpenDatabase(crashed);
                int workspaces = db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.Workspace])).Count();
                int members = db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.Member])).Count();
                int joins = db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.UserMembership])).Count();
                Assert.True((workspaces, members, joins) is (1, 1, 1) or (2, 2, 2), $"{workspaces} workspaces, {members} members, {joins} join entries");
            }
        }

        using Database survived = EmbeddedWorkspaceStoreContractTests.OpenDatabase(acknowledged);
        using EmbeddedWorkspaceStore reopened = new(survived, _time);
        string ownerId = (await reopened.GetUserAsync("test", "owner"))!.UserId;
        WorkspaceSummary team = Assert.Single(await reopened.ListUserWorkspacesAsync(ownerId), w => w.Id == workspaceId);
        Assert.Equal(("Team", "Acknowledged", WorkspaceRole.Owner), (team.Name, team.Description, team.Role));
    }

    /// <summary>Asserts that the removal of <paramref name="team"/> is whole or absent after the crash; true when whole.</summary>
    private async Task<bool> AssertWholeOrAbsentAsync(MemFileSystem crashed, string team, Dictionary<string, string?> homes)
    {
        using Database db = EmbeddedWorkspaceStoreContractTests.OpenDatabase(crashed);
        using EmbeddedWorkspaceStore store = new(db, _time);
        bool removed = true;
        await foreach (string id in store.ListWorkspaceIdsAsync())
        {
            removed &= id != team;
        }

        foreach ((string name, string? home) in homes)
        {
            string? active = (await store.GetUserAsync("test", name))?.ActiveWorkspaceId;
            Assert.True(active == (removed ? home : team), $"{name}: active {active ?? "none"} with the team {(removed ? "removed" : "kept")}");
        }

        return removed;
    }
}
