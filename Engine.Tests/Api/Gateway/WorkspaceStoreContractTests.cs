using Engine.Api.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// The behaviour every <see cref="IAuthWorkspaceStore"/> shares (spec sync-gateway.md 2.1, 2.2 and 4; the cases of
/// 3.1's sqlite-auth-workspace-store suite except invites, and the 3.2 regressions). A store's test class subclasses it
/// and supplies <see cref="CreateStoreAsync"/>; each test gets a fresh, empty store.
/// </summary>
public abstract class WorkspaceStoreContractTests : IAsyncLifetime
{
    private IAuthWorkspaceStore? _store;

    /// <summary>The clock the store reads; starts at a fixed instant and moves only when a test moves it.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The store under test.</summary>
    protected IAuthWorkspaceStore Store => _store ?? throw new InvalidOperationException("the store is not created yet");

    /// <summary>A fresh, empty store reading <paramref name="time"/>.</summary>
    protected abstract ValueTask<IAuthWorkspaceStore> CreateStoreAsync(FakeTimeProvider time);

    /// <summary>Releases the store and whatever <see cref="CreateStoreAsync"/> opened for it.</summary>
    protected virtual async ValueTask DisposeStoreAsync(IAuthWorkspaceStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    public async Task InitializeAsync() => _store = await CreateStoreAsync(Time);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store);
        }
    }

    // --- getOrCreateUser, getUser ---

    [Fact]
    public async Task GetOrCreateUser_SameIdentity_ReturnsTheSameUser()
    {
        string first = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1", "a@example.com", "A"));
        string second = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1"));

        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetOrCreateUser_DifferentProvider_IsADifferentUser()
    {
        string basic = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1"));
        string clerk = await Store.GetOrCreateUserAsync(new ExternalIdentity("clerk", "user-1"));

        Assert.NotEqual(basic, clerk);
    }

    [Fact]
    public async Task GetOrCreateUser_DifferentProviderUserId_IsADifferentUser()
    {
        string one = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1"));
        string two = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-2"));

        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task Regression_GetOrCreateUser_TenConcurrentCreates_MakeOneUser()
    {
        ExternalIdentity identity = new("basic-auth", "racer", "r@example.com", "Racer");
        using Barrier start = new(10);
        Task<string>[] creates = Enumerable.Range(0, 10)
            .Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await Store.GetOrCreateUserAsync(identity);
            }))
            .ToArray();

        string[] ids = await Task.WhenAll(creates);

        Assert.Single(ids.Distinct());
        UserInfo? user = await Store.GetUserAsync("basic-auth", "racer");
        Assert.Equal(ids[0], user?.UserId);
    }

    [Fact]
    public async Task GetOrCreateUser_EmptyProviderOrProviderUserId_Is400()
    {
        Assert.Equal(400, (await Refused(() => Store.GetOrCreateUserAsync(new ExternalIdentity("", "user-1")).AsTask())).Status);
        Assert.Equal(400, (await Refused(() => Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "")).AsTask())).Status);
        Assert.Null(await Store.GetUserAsync("basic-auth", "user-1"));
    }

    [Fact]
    public async Task GetUser_UnknownIdentity_IsNull()
    {
        await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1"));

        Assert.Null(await Store.GetUserAsync("basic-auth", "user-2"));
        Assert.Null(await Store.GetUserAsync("clerk", "user-1"));
    }

    [Fact]
    public async Task GetUser_KnownIdentity_ReturnsTheProfileAndTheActiveWorkspace()
    {
        string userId = await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "user-1", "a@example.com", "Alice"));

        UserInfo? before = await Store.GetUserAsync("basic-auth", "user-1");
        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(userId);
        UserInfo? after = await Store.GetUserAsync("basic-auth", "user-1");

        Assert.Equal(new UserInfo(userId, "a@example.com", "Alice", null), before);
        Assert.Equal(new UserInfo(userId, "a@example.com", "Alice", home.WorkspaceId), after);
    }

    // --- getOrCreateDefaultWorkspace ---

    [Fact]
    public async Task DefaultWorkspace_FirstCall_CreatesMyWorkspaceOwnedAndActive()
    {
        string userId = await NewUserAsync("user-1");

        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(userId);

        Assert.True(home.Created);
        Assert.Equal("My Workspace", home.Name);
        Assert.Equal(WorkspaceRole.Owner, await Store.GetWorkspaceRoleAsync(userId, home.WorkspaceId));
        WorkspaceSummary only = Assert.Single(await Store.ListUserWorkspacesAsync(userId));
        Assert.Equal(new WorkspaceSummary(home.WorkspaceId, "My Workspace", null, WorkspaceRole.Owner, Time.GetUtcNow().ToUnixTimeMilliseconds(), true), only);
    }

    [Fact]
    public async Task DefaultWorkspace_LaterCalls_ReuseTheFirst()
    {
        string userId = await NewUserAsync("user-1");

        DefaultWorkspace first = await Store.GetOrCreateDefaultWorkspaceAsync(userId);
        Time.Advance(TimeSpan.FromMinutes(1));
        DefaultWorkspace second = await Store.GetOrCreateDefaultWorkspaceAsync(userId);

        Assert.Equal(first.WorkspaceId, second.WorkspaceId);
        Assert.False(second.Created);
        Assert.Single(await Store.ListUserWorkspacesAsync(userId));
    }

    [Fact]
    public async Task DefaultWorkspace_WithSeveralMemberships_PrefersTheActiveOne()
    {
        string userId = await NewUserAsync("user-1");
        string first = await Store.CreateWorkspaceAsync(userId, "First");
        string second = await Store.CreateWorkspaceAsync(userId, "Second");
        await Store.SetActiveWorkspaceAsync(userId, second);

        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(userId);

        Assert.Equal(new DefaultWorkspace(second, "Second", false), home);
        Assert.NotEqual(first, home.WorkspaceId);
    }

    [Fact]
    public async Task DefaultWorkspace_WithoutAnActiveWorkspace_TakesTheEarliestMembership_AndRepairsThePointer()
    {
        (_, string member, string[] workspaces) = await SharedWorkspacesAsync(["First", "Second"], joinOrder: [1, 0]);
        (string first, string second) = (workspaces[0], workspaces[1]);

        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(member);

        Assert.Equal(new DefaultWorkspace(second, "Second", false), home);
        Assert.Equal(second, (await Store.GetUserAsync("test", "member"))?.ActiveWorkspaceId);
        Assert.Equal([second, first], (await Store.ListUserWorkspacesAsync(member)).Select(w => w.Id));
    }

    [Fact]
    public async Task DefaultWorkspace_ActiveWorkspaceNoLongerValid_FallsBackToTheEarliestRemaining()
    {
        (string owner, string member, string[] workspaces) = await SharedWorkspacesAsync(["Kept", "Removed"], joinOrder: [0, 1]);
        (string kept, string removed) = (workspaces[0], workspaces[1]);
        await Store.SetActiveWorkspaceAsync(member, removed);
        await Store.RemoveWorkspaceAsync(owner, removed);

        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(member);

        Assert.Equal(new DefaultWorkspace(kept, "Kept", false), home);
    }

    [Fact]
    public async Task DefaultWorkspace_EveryMembershipDeleted_CreatesANewOne()
    {
        string userId = await NewUserAsync("user-1");
        DefaultWorkspace first = await Store.GetOrCreateDefaultWorkspaceAsync(userId);
        await Store.RemoveWorkspaceAsync(userId, first.WorkspaceId);

        DefaultWorkspace second = await Store.GetOrCreateDefaultWorkspaceAsync(userId);

        Assert.True(second.Created);
        Assert.NotEqual(first.WorkspaceId, second.WorkspaceId);
        Assert.Equal([second.WorkspaceId], (await Store.ListUserWorkspacesAsync(userId)).Select(w => w.Id));
        Assert.True((await Store.ListUserWorkspacesAsync(userId))[0].IsActive);
    }

    [Fact]
    public async Task UnknownUser_WhereTheUserMustExist_Is404_AndWritesNothing()
    {
        string owner = await NewUserAsync("owner");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Team");

        Func<Task>[] calls =
        [
            () => Store.GetOrCreateDefaultWorkspaceAsync("no-such-user").AsTask(),
            () => Store.ListUserWorkspacesAsync("no-such-user").AsTask(),
            () => Store.CreateWorkspaceAsync("no-such-user", "Team").AsTask(),
            () => Store.SetActiveWorkspaceAsync("no-such-user", workspaceId).AsTask(),
            () => Store.AddMemberAsync(owner, workspaceId, "no-such-user", WorkspaceRole.Viewer).AsTask(),
        ];

        foreach (Func<Task> call in calls)
        {
            Assert.Equal(404, (await Refused(call)).Status);
        }

        Assert.Equal([workspaceId], await ListWorkspaceIdsAsync());
        Assert.Null(await Store.GetWorkspaceRoleAsync("no-such-user", workspaceId));
    }

    // --- getWorkspaceRole ---

    [Fact]
    public async Task Role_OfTheCreator_IsOwner_AndOfANonMember_IsNull()
    {
        string creator = await NewUserAsync("creator");
        string stranger = await NewUserAsync("stranger");
        string workspaceId = (await Store.GetOrCreateDefaultWorkspaceAsync(creator)).WorkspaceId;

        Assert.Equal(WorkspaceRole.Owner, await Store.GetWorkspaceRoleAsync(creator, workspaceId));
        Assert.Null(await Store.GetWorkspaceRoleAsync(stranger, workspaceId));
        Assert.Null(await Store.GetWorkspaceRoleAsync(creator, "no-such-workspace"));
        Assert.Null(await Store.GetWorkspaceRoleAsync("no-such-user", workspaceId));
    }

    [Fact]
    public async Task Role_OfAnAddedMember_IsTheirRole_AndNullOnceTheWorkspaceIsDeleted()
    {
        string owner = await NewUserAsync("owner");
        string editor = await NewUserAsync("editor");
        string viewer = await NewUserAsync("viewer");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Team");
        await Store.AddMemberAsync(owner, workspaceId, editor, WorkspaceRole.Editor);
        await Store.AddMemberAsync(owner, workspaceId, viewer, WorkspaceRole.Viewer);

        Assert.Equal(WorkspaceRole.Editor, await Store.GetWorkspaceRoleAsync(editor, workspaceId));
        Assert.Equal(WorkspaceRole.Viewer, await Store.GetWorkspaceRoleAsync(viewer, workspaceId));

        await Store.RemoveWorkspaceAsync(owner, workspaceId);

        Assert.Null(await Store.GetWorkspaceRoleAsync(owner, workspaceId));
        Assert.Null(await Store.GetWorkspaceRoleAsync(editor, workspaceId));
    }

    // --- createWorkspace, listUserWorkspaces ---

    [Fact]
    public async Task CreateAndList_ReturnsEveryWorkspaceInJoinOrder_WithItsFields()
    {
        string userId = await NewUserAsync("user-1");
        long firstAt = Time.GetUtcNow().ToUnixTimeMilliseconds();
        string first = await Store.CreateWorkspaceAsync(userId, "WS 1", "First");
        Time.Advance(TimeSpan.FromSeconds(1));
        string second = await Store.CreateWorkspaceAsync(userId, "WS 2");
        await Store.SetActiveWorkspaceAsync(userId, second);

        IReadOnlyList<WorkspaceSummary> listed = await Store.ListUserWorkspacesAsync(userId);

        Assert.Equal(
            [
                new WorkspaceSummary(first, "WS 1", "First", WorkspaceRole.Owner, firstAt, false),
                new WorkspaceSummary(second, "WS 2", null, WorkspaceRole.Owner, firstAt + 1000, true),
            ],
            listed);
    }

    [Fact]
    public async Task Create_DoesNotChangeTheActiveWorkspace()
    {
        string userId = await NewUserAsync("user-1");
        DefaultWorkspace home = await Store.GetOrCreateDefaultWorkspaceAsync(userId);

        await Store.CreateWorkspaceAsync(userId, "Another");

        Assert.Equal(home.WorkspaceId, (await Store.GetUserAsync("test", "user-1"))?.ActiveWorkspaceId);
    }

    [Fact]
    public async Task List_ManyJoinsWithinOneMillisecond_KeepsJoinOrder()
    {
        string userId = await NewUserAsync("user-1");
        List<string> created = [];
        for (int i = 0; i < 12; i++)
        {
            created.Add(await Store.CreateWorkspaceAsync(userId, $"WS {i}"));
        }

        Assert.Equal(created, (await Store.ListUserWorkspacesAsync(userId)).Select(w => w.Id));
    }

    [Fact]
    public async Task List_SkipsDeletedWorkspaces()
    {
        string userId = await NewUserAsync("user-1");
        string kept = await Store.CreateWorkspaceAsync(userId, "Kept");
        string removed = await Store.CreateWorkspaceAsync(userId, "Removed");

        await Store.RemoveWorkspaceAsync(userId, removed);

        Assert.Equal([kept], (await Store.ListUserWorkspacesAsync(userId)).Select(w => w.Id));
    }

    [Fact]
    public async Task Create_TrimsTheName_AndTreatsABlankDescriptionAsNone()
    {
        string userId = await NewUserAsync("user-1");

        string workspaceId = await Store.CreateWorkspaceAsync(userId, "  Team  ", "   ");

        WorkspaceSummary listed = Assert.Single(await Store.ListUserWorkspacesAsync(userId));
        Assert.Equal((workspaceId, "Team", (string?)null), (listed.Id, listed.Name, listed.Description));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Create_EmptyName_Is400_AndCreatesNothing(string? name)
    {
        string userId = await NewUserAsync("user-1");

        if (name is null)
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => Store.CreateWorkspaceAsync(userId, name!).AsTask());
        }
        else
        {
            Assert.Equal(400, (await Refused(() => Store.CreateWorkspaceAsync(userId, name).AsTask())).Status);
        }

        Assert.Empty(await Store.ListUserWorkspacesAsync(userId));
    }

    [Fact]
    public async Task Create_NameOf256Characters_IsAccepted_And257_Is400()
    {
        string userId = await NewUserAsync("user-1");

        await Store.CreateWorkspaceAsync(userId, new string('n', 256));
        SyncRequestException refused = await Refused(() => Store.CreateWorkspaceAsync(userId, new string('n', 257)).AsTask());

        Assert.Equal(400, refused.Status);
        Assert.Single(await Store.ListUserWorkspacesAsync(userId));
    }

    [Fact]
    public async Task Create_DescriptionLongerThan4096_Is400()
    {
        string userId = await NewUserAsync("user-1");

        await Store.CreateWorkspaceAsync(userId, "Fits", new string('d', 4096));
        SyncRequestException refused = await Refused(() => Store.CreateWorkspaceAsync(userId, "Too long", new string('d', 4097)).AsTask());

        Assert.Equal(400, refused.Status);
    }

    // --- updateWorkspace ---

    [Fact]
    public async Task Update_ByTheOwner_ChangesNameAndDescription()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Old Name", "Old");

        await Store.UpdateWorkspaceAsync(userId, workspaceId, " New Name ", "Updated");

        WorkspaceSummary listed = Assert.Single(await Store.ListUserWorkspacesAsync(userId));
        Assert.Equal(("New Name", "Updated"), (listed.Name, listed.Description));
    }

    [Fact]
    public async Task Update_WithoutADescription_ClearsIt()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Name", "Described");

        await Store.UpdateWorkspaceAsync(userId, workspaceId, "Name", null);

        Assert.Null(Assert.Single(await Store.ListUserWorkspacesAsync(userId)).Description);
    }

    [Fact]
    public async Task Update_ByAnEditor_IsAllowed()
    {
        (string owner, string editor, _, string workspaceId) = await TeamAsync();

        await Store.UpdateWorkspaceAsync(editor, workspaceId, "Renamed", null);

        Assert.Equal("Renamed", (await Store.ListUserWorkspacesAsync(owner)).Single(w => w.Id == workspaceId).Name);
    }

    [Fact]
    public async Task Update_ByAViewerOrANonMember_Is403_AndChangesNothing()
    {
        (string owner, _, string viewer, string workspaceId) = await TeamAsync();
        string stranger = await NewUserAsync("stranger");

        SyncRequestException byViewer = await Refused(() => Store.UpdateWorkspaceAsync(viewer, workspaceId, "Hacked", null).AsTask());
        SyncRequestException byStranger = await Refused(() => Store.UpdateWorkspaceAsync(stranger, workspaceId, "Hacked", null).AsTask());

        Assert.Equal((403, "Forbidden: insufficient workspace role"), (byViewer.Status, byViewer.Message));
        Assert.Equal((403, "Forbidden: insufficient workspace role"), (byStranger.Status, byStranger.Message));
        Assert.Equal("Team", (await Store.ListUserWorkspacesAsync(owner)).Single(w => w.Id == workspaceId).Name);
    }

    [Fact]
    public async Task Update_OfADeletedWorkspace_Is403()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Gone");
        await Store.RemoveWorkspaceAsync(userId, workspaceId);

        Assert.Equal(403, (await Refused(() => Store.UpdateWorkspaceAsync(userId, workspaceId, "Back", null).AsTask())).Status);
    }

    [Fact]
    public async Task Update_EmptyName_Is400()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Name");

        Assert.Equal(400, (await Refused(() => Store.UpdateWorkspaceAsync(userId, workspaceId, " ", null).AsTask())).Status);
    }

    // --- removeWorkspace ---

    [Fact]
    public async Task Remove_SoftDeletes_AndRehomesTheActor()
    {
        string userId = await NewUserAsync("user-1");
        string first = await Store.CreateWorkspaceAsync(userId, "WS 1");
        string second = await Store.CreateWorkspaceAsync(userId, "WS 2");
        await Store.SetActiveWorkspaceAsync(userId, first);

        await Store.RemoveWorkspaceAsync(userId, first);

        WorkspaceSummary remaining = Assert.Single(await Store.ListUserWorkspacesAsync(userId));
        Assert.Equal((second, true), (remaining.Id, remaining.IsActive));
        Assert.Equal(second, (await Store.GetUserAsync("test", "user-1"))?.ActiveWorkspaceId);
        Assert.DoesNotContain(first, await ListWorkspaceIdsAsync());
    }

    [Fact]
    public async Task Regression_Remove_RehomesEveryAffectedMember_NotOnlyTheActor()
    {
        string owner = await NewUserAsync("owner");
        string editor = await NewUserAsync("editor");
        string viewer = await NewUserAsync("viewer");
        string elsewhere = await NewUserAsync("elsewhere");
        string editorHome = await Store.CreateWorkspaceAsync(editor, "Editor's");
        string elsewhereHome = await Store.CreateWorkspaceAsync(elsewhere, "Elsewhere's");
        await Store.SetActiveWorkspaceAsync(elsewhere, elsewhereHome);
        string team = await Store.CreateWorkspaceAsync(owner, "Team");
        await Store.AddMemberAsync(owner, team, editor, WorkspaceRole.Editor);
        await Store.AddMemberAsync(owner, team, viewer, WorkspaceRole.Viewer);
        await Store.AddMemberAsync(owner, team, elsewhere, WorkspaceRole.Viewer);
        await Store.CreateWorkspaceAsync(editor, "Editor's later");
        await Store.SetActiveWorkspaceAsync(owner, team);
        await Store.SetActiveWorkspaceAsync(editor, team);
        await Store.SetActiveWorkspaceAsync(viewer, team);

        await Store.RemoveWorkspaceAsync(owner, team);

        // The owner and the viewer have no other workspace; the editor moves to their earliest other one; "elsewhere"
        // did not have the team active and stays where they were.
        Assert.Null((await Store.GetUserAsync("test", "owner"))?.ActiveWorkspaceId);
        Assert.Equal(editorHome, (await Store.GetUserAsync("test", "editor"))?.ActiveWorkspaceId);
        Assert.Null((await Store.GetUserAsync("test", "viewer"))?.ActiveWorkspaceId);
        Assert.Equal(elsewhereHome, (await Store.GetUserAsync("test", "elsewhere"))?.ActiveWorkspaceId);
    }

    [Fact]
    public async Task Remove_RehomesToTheEarliestRemainingMembership_SkippingDeletedOnes()
    {
        // Joined in the order 3, 1, 4, 0, 2, all within one millisecond.
        (string owner, string member, string[] workspaces) = await SharedWorkspacesAsync(["WS 0", "WS 1", "WS 2", "WS 3", "WS 4"], joinOrder: [3, 1, 4, 0, 2]);

        await Store.RemoveWorkspaceAsync(owner, workspaces[3]);
        await Store.SetActiveWorkspaceAsync(member, workspaces[4]);

        await Store.RemoveWorkspaceAsync(owner, workspaces[4]);

        Assert.Equal(workspaces[1], (await Store.GetUserAsync("test", "member"))?.ActiveWorkspaceId);
        Assert.Equal([workspaces[1], workspaces[0], workspaces[2]], (await Store.ListUserWorkspacesAsync(member)).Select(w => w.Id));
    }

    [Fact]
    public async Task Remove_ByAnEditorOrAViewer_Is403OnlyOwner_AndKeepsTheWorkspace()
    {
        (string owner, string editor, string viewer, string workspaceId) = await TeamAsync();

        SyncRequestException byEditor = await Refused(() => Store.RemoveWorkspaceAsync(editor, workspaceId).AsTask());
        SyncRequestException byViewer = await Refused(() => Store.RemoveWorkspaceAsync(viewer, workspaceId).AsTask());

        Assert.Equal(403, byEditor.Status);
        Assert.Contains("only owner can remove workspace", byEditor.Message, StringComparison.Ordinal);
        Assert.Equal(403, byViewer.Status);
        Assert.Equal(WorkspaceRole.Owner, await Store.GetWorkspaceRoleAsync(owner, workspaceId));
    }

    [Fact]
    public async Task Remove_OfADeletedOrUnknownWorkspace_Is403()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Gone");
        await Store.RemoveWorkspaceAsync(userId, workspaceId);

        Assert.Equal(403, (await Refused(() => Store.RemoveWorkspaceAsync(userId, workspaceId).AsTask())).Status);
        Assert.Equal(403, (await Refused(() => Store.RemoveWorkspaceAsync(userId, "no-such-workspace").AsTask())).Status);
    }

    // --- setActiveWorkspace ---

    [Fact]
    public async Task SetActive_ForAMember_MovesThePointer()
    {
        string userId = await NewUserAsync("user-1");
        await Store.CreateWorkspaceAsync(userId, "WS 1");
        string second = await Store.CreateWorkspaceAsync(userId, "WS 2");

        await Store.SetActiveWorkspaceAsync(userId, second);

        Assert.Equal(second, Assert.Single(await Store.ListUserWorkspacesAsync(userId), w => w.IsActive).Id);
    }

    [Fact]
    public async Task SetActive_ForANonMember_Is403NotAMember()
    {
        string owner = await NewUserAsync("owner");
        string stranger = await NewUserAsync("stranger");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Private");

        SyncRequestException refused = await Refused(() => Store.SetActiveWorkspaceAsync(stranger, workspaceId).AsTask());

        Assert.Equal(403, refused.Status);
        Assert.Contains("not a member", refused.Message, StringComparison.Ordinal);
        Assert.Null((await Store.GetUserAsync("test", "stranger"))?.ActiveWorkspaceId);
    }

    [Fact]
    public async Task Regression_SetActive_RejectsADeletedWorkspace()
    {
        string userId = await NewUserAsync("user-1");
        string kept = await Store.CreateWorkspaceAsync(userId, "Kept");
        string removed = await Store.CreateWorkspaceAsync(userId, "Removed");
        await Store.SetActiveWorkspaceAsync(userId, kept);
        await Store.RemoveWorkspaceAsync(userId, removed);

        SyncRequestException refused = await Refused(() => Store.SetActiveWorkspaceAsync(userId, removed).AsTask());

        Assert.Equal(403, refused.Status);
        Assert.Contains("not a member", refused.Message, StringComparison.Ordinal);
        Assert.Equal(kept, (await Store.GetUserAsync("test", "user-1"))?.ActiveWorkspaceId);
    }

    // --- addMember ---

    [Fact]
    public async Task AddMember_ByANonOwner_Is403()
    {
        (_, string editor, _, string workspaceId) = await TeamAsync();
        string newcomer = await NewUserAsync("newcomer");

        SyncRequestException refused = await Refused(() => Store.AddMemberAsync(editor, workspaceId, newcomer, WorkspaceRole.Viewer).AsTask());

        Assert.Equal(403, refused.Status);
        Assert.Null(await Store.GetWorkspaceRoleAsync(newcomer, workspaceId));
    }

    [Fact]
    public async Task AddMember_ToADeletedWorkspace_Is403()
    {
        string owner = await NewUserAsync("owner");
        string newcomer = await NewUserAsync("newcomer");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Gone");
        await Store.RemoveWorkspaceAsync(owner, workspaceId);

        Assert.Equal(403, (await Refused(() => Store.AddMemberAsync(owner, workspaceId, newcomer, WorkspaceRole.Viewer).AsTask())).Status);
    }

    [Fact]
    public async Task AddMember_AnExistingMember_ChangesTheRole_AndKeepsTheJoinOrder()
    {
        (string owner, string member, string[] workspaces) = await SharedWorkspacesAsync(["First", "Second"], joinOrder: [0, 1]);
        (string first, string second) = (workspaces[0], workspaces[1]);

        await Store.AddMemberAsync(owner, first, member, WorkspaceRole.Editor);

        IReadOnlyList<WorkspaceSummary> listed = await Store.ListUserWorkspacesAsync(member);
        Assert.Equal([(first, WorkspaceRole.Editor), (second, WorkspaceRole.Viewer)], listed.Select(w => (w.Id, w.Role)));
    }

    [Fact]
    public async Task AddMember_TheOwnerDemotingThemselves_Is400()
    {
        string owner = await NewUserAsync("owner");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Team");

        Assert.Equal(400, (await Refused(() => Store.AddMemberAsync(owner, workspaceId, owner, WorkspaceRole.Viewer).AsTask())).Status);
        Assert.Equal(WorkspaceRole.Owner, await Store.GetWorkspaceRoleAsync(owner, workspaceId));
    }

    [Fact]
    public async Task AddMember_AnUndefinedRole_Is400()
    {
        string owner = await NewUserAsync("owner");
        string member = await NewUserAsync("member");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Team");

        Assert.Equal(400, (await Refused(() => Store.AddMemberAsync(owner, workspaceId, member, (WorkspaceRole)9).AsTask())).Status);
    }

    // --- listWorkspaceIds ---

    [Fact]
    public async Task ListWorkspaceIds_ExcludesDeletedWorkspaces()
    {
        string a = await NewUserAsync("a");
        string b = await NewUserAsync("b");
        string kept = await Store.CreateWorkspaceAsync(a, "Kept");
        string removed = await Store.CreateWorkspaceAsync(a, "Removed");
        string other = await Store.CreateWorkspaceAsync(b, "Other");

        await Store.RemoveWorkspaceAsync(a, removed);

        Assert.Equal(new[] { kept, other }.Order(StringComparer.Ordinal), (await ListWorkspaceIdsAsync()).Order(StringComparer.Ordinal));
    }

    /// <summary>A user of the provider "test" with <paramref name="providerUserId"/>.</summary>
    protected async Task<string> NewUserAsync(string providerUserId) =>
        await Store.GetOrCreateUserAsync(new ExternalIdentity("test", providerUserId));

    /// <summary>Every id <see cref="IAuthWorkspaceStore.ListWorkspaceIdsAsync"/> yields.</summary>
    protected async Task<List<string>> ListWorkspaceIdsAsync()
    {
        List<string> ids = [];
        await foreach (string id in Store.ListWorkspaceIdsAsync())
        {
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>A workspace "Team" of "owner", with "editor" and "viewer" as members.</summary>
    protected async Task<(string Owner, string Editor, string Viewer, string WorkspaceId)> TeamAsync()
    {
        string owner = await NewUserAsync("owner");
        string editor = await NewUserAsync("editor");
        string viewer = await NewUserAsync("viewer");
        string workspaceId = await Store.CreateWorkspaceAsync(owner, "Team");
        await Store.AddMemberAsync(owner, workspaceId, editor, WorkspaceRole.Editor);
        await Store.AddMemberAsync(owner, workspaceId, viewer, WorkspaceRole.Viewer);
        return (owner, editor, viewer, workspaceId);
    }

    /// <summary>
    /// "owner" with one workspace per name, created in order, and "member" joined to them as a viewer in
    /// <paramref name="joinOrder"/> (indexes into <paramref name="names"/>).
    /// </summary>
    protected async Task<(string Owner, string Member, string[] Workspaces)> SharedWorkspacesAsync(string[] names, int[] joinOrder)
    {
        string owner = await NewUserAsync("owner");
        string member = await NewUserAsync("member");
        string[] workspaces = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            workspaces[i] = await Store.CreateWorkspaceAsync(owner, names[i]);
        }

        foreach (int i in joinOrder)
        {
            await Store.AddMemberAsync(owner, workspaces[i], member, WorkspaceRole.Viewer);
        }

        return (owner, member, workspaces);
    }

    /// <summary>The request error <paramref name="action"/> fails with.</summary>
    protected static Task<SyncRequestException> Refused(Func<Task> action) => Assert.ThrowsAsync<SyncRequestException>(action);
}
