using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Cli.Demo;

/// <summary>The changes between two syncs of the demo organisation: a few percent of the records, as in a real week.</summary>
internal sealed partial class DemoOrganization
{
    /// <summary>
    /// Applies one round of churn, drawn from the organisation's generator: about 1% of the users leave (with every
    /// grant they held) and 1.2% join, 1.5% move from one group to another, 0.8% gain or lose a role, 1% change the
    /// level of a project access and get access to one more project, 1% change title or department (a quarter of those
    /// their name too), and 0.3% are disabled or enabled again. Touches about 2 to 5% of the records.
    /// </summary>
    /// <returns>What the round did, for the demo's report.</returns>
    public DemoChurn Churn()
    {
        int population = _users.Count;
        DemoChurn churn = new();
        for (int i = Share(population, 0.010); i > 0 && _users.Count > 1; i--)
        {
            RemoveUser(_random.Next(_users.Count));
            churn.Left++;
        }

        for (int i = Share(population, 0.012); i > 0; i--)
        {
            AddUser();
            churn.Joined++;
        }

        for (int i = Share(population, 0.015); i > 0 && GroupCount > 1; i--)
        {
            churn.Moves += MoveGroup(RandomUser().Number) ? 1 : 0;
        }

        for (int i = Share(population, 0.008); i > 0; i--)
        {
            ChangeRole(RandomUser().Number);
            churn.RoleChanges++;
        }

        for (int i = Share(population, 0.010); i > 0; i--)
        {
            ChangeAccess(RandomUser().Number);
            churn.AccessChanges++;
        }

        for (int i = Share(population, 0.010); i > 0; i--)
        {
            ChangeProfile(RandomUser());
            churn.ProfileChanges++;
        }

        for (int i = Share(population, 0.003); i > 0; i--)
        {
            DemoUser user = RandomUser();
            user.Enabled = !user.Enabled;
            churn.StatusChanges++;
        }

        return churn;
    }

    /// <summary>The number of changes of a kind: <paramref name="rate"/> of <paramref name="count"/>, at least one.</summary>
    private static int Share(int count, double rate) => Math.Max(1, (int)Math.Round(count * rate));

    private DemoUser RandomUser() => _users[_random.Next(_users.Count)];

    private static SortedSet<(int User, int Other)> HeldBy(SortedSet<(int User, int Other)> relation, int user) =>
        relation.GetViewBetween((user, int.MinValue), (user, int.MaxValue));

    private SortedSet<(int User, int Project, int Level)> AccessOf(int user) =>
        _projectAccess.GetViewBetween((user, int.MinValue, int.MinValue), (user, int.MaxValue, int.MaxValue));

    /// <summary>The user at <paramref name="index"/> leaves, and every grant they held goes with them.</summary>
    private void RemoveUser(int index)
    {
        int number = _users[index].Number;
        _users.RemoveAt(index);
        HeldBy(_groupMembers, number).Clear();
        HeldBy(_roleMembers, number).Clear();
        AccessOf(number).Clear();
    }

    /// <summary>Moves the user from one of their groups to one they are not in; false when the draw hits one they are in.</summary>
    private bool MoveGroup(int number)
    {
        SortedSet<(int User, int Group)> groups = HeldBy(_groupMembers, number);
        int target = _random.Next(GroupCount);
        if (groups.Contains((number, target)))
        {
            return false;
        }

        if (groups.Count > 0)
        {
            groups.Remove(groups.ElementAt(_random.Next(groups.Count)));
        }

        _groupMembers.Add((number, target));
        return true;
    }

    /// <summary>Takes away one of the user's roles (half the time, when they have one), else grants one.</summary>
    private void ChangeRole(int number)
    {
        SortedSet<(int User, int Role)> roles = HeldBy(_roleMembers, number);
        if (roles.Count > 0 && _random.Next(2) == 0)
        {
            roles.Remove(roles.ElementAt(_random.Next(roles.Count)));
        }
        else
        {
            _roleMembers.Add((number, _random.Next(RoleCount)));
        }
    }

    /// <summary>One of the user's project accesses changes level; the user also gets access to a project they lack.</summary>
    private void ChangeAccess(int number)
    {
        SortedSet<(int User, int Project, int Level)> access = AccessOf(number);
        if (access.Count > 0)
        {
            (int user, int project, int level) = access.ElementAt(_random.Next(access.Count));
            access.Remove((user, project, level));
            _projectAccess.Add((user, project, (level + 1 + _random.Next(2)) % DemoNames.ProjectLevels.Length));
        }

        int extra = _random.Next(ProjectCount);
        int newLevel = RandomLevel();
        if (!AccessOf(number).Any(a => a.Project == extra))
        {
            _projectAccess.Add((number, extra, newLevel));
        }
    }

    /// <summary>A promotion or a transfer; now and then a new surname.</summary>
    private void ChangeProfile(DemoUser user)
    {
        if (_random.Next(2) == 0)
        {
            user.Title = (user.Title + 1) % DemoNames.Titles.Length;
        }
        else
        {
            user.Department = (user.Department + 1 + _random.Next(DemoNames.Departments.Length - 1)) % DemoNames.Departments.Length;
        }

        if (_random.Next(4) == 0)
        {
            user.LastName = DemoNames.LastNames[_random.Next(DemoNames.LastNames.Length)] + "-" + user.LastName;
        }
    }
}
