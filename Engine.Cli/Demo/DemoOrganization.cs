using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Cli.Demo;

/// <summary>
/// A generated organisation for the demo: users, groups (about one per 25 users), 25 roles and projects (about one per
/// 50 users, each owned by a group), with group memberships, role assignments and project access (admin, editor or
/// viewer), and groups granted access to projects. Everything comes from one seeded generator, so the same seed and
/// size give the same records, and <see cref="Churn"/> changes them the same way every time.
/// </summary>
/// <remarks>
/// The relations are sorted sets so that the records come out in the same order on every run. Not thread-safe.
/// </remarks>
internal sealed partial class DemoOrganization
{
    public const int DefaultUsers = 3000;
    public const int DefaultSeed = 20261201;
    public const int RoleCount = 25;

    private readonly Random _random;
    // Sorted by number: new users get the next number, so appending keeps the order and a leaver is found by search.
    private readonly List<DemoUser> _users = [];
    private readonly string[] _groupNames;
    private readonly int[] _groupDepartments;
    private readonly string[] _projectNames;
    private readonly int[] _projectOwners;

    // Who holds what, keyed by user first so that one user's holdings are a range (churn looks them up by user):
    // (user, group), (user, role), (user, project, level) with one level per project; and (project, group) -> level.
    private readonly SortedSet<(int User, int Group)> _groupMembers = new();
    private readonly SortedSet<(int User, int Role)> _roleMembers = new();
    private readonly SortedSet<(int User, int Project, int Level)> _projectAccess = new();
    private readonly SortedDictionary<(int Project, int Group), int> _projectGroups = new();

    private int _nextUserNumber = 1;

    private DemoOrganization(int users, int seed)
    {
        _random = new Random(seed);
        Seed = seed;
        int groups = Math.Max(1, users / 25);
        _groupNames = new string[groups];
        _groupDepartments = new int[groups];
        for (int g = 0; g < groups; g++)
        {
            _groupDepartments[g] = g % DemoNames.Departments.Length;
            _groupNames[g] = $"{DemoNames.Departments[_groupDepartments[g]]} Team {(g / DemoNames.Departments.Length) + 1}";
        }

        int projects = Math.Max(1, users / 50);
        _projectNames = new string[projects];
        _projectOwners = new int[projects];
        for (int p = 0; p < projects; p++)
        {
            string word = DemoNames.ProjectWords[p % DemoNames.ProjectWords.Length];
            _projectNames[p] = string.Create(CultureInfo.InvariantCulture, $"{word} {(p / DemoNames.ProjectWords.Length) + 1}");
            _projectOwners[p] = _random.Next(groups);
            foreach (int group in Distinct(_random.Next(1, 3), groups))
            {
                _projectGroups[(p, group)] = 1 + _random.Next(2);
            }
        }

        for (int i = 0; i < users; i++)
        {
            AddUser();
        }
    }

    /// <summary>The seed the organisation was generated from.</summary>
    public int Seed { get; }

    public int UserCount => _users.Count;

    public int GroupCount => _groupNames.Length;

    public int ProjectCount => _projectNames.Length;

    /// <summary>Generates an organisation of <paramref name="users"/> users from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="users"/> is below 1.</exception>
    public static DemoOrganization Generate(int users = DefaultUsers, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        return new DemoOrganization(users, seed);
    }

    /// <summary>Adds a new person: a department group and a few others, maybe a role, one to three projects.</summary>
    private void AddUser()
    {
        int department = _random.Next(DemoNames.Departments.Length);
        DemoUser user = new(
            _nextUserNumber++,
            DemoNames.FirstNames[_random.Next(DemoNames.FirstNames.Length)],
            DemoNames.LastNames[_random.Next(DemoNames.LastNames.Length)],
            department,
            _random.Next(DemoNames.Titles.Length));
        _users.Add(user);

        _groupMembers.Add((user.Number, DepartmentGroup(department)));
        foreach (int group in Distinct(_random.Next(0, 4), GroupCount))
        {
            _groupMembers.Add((user.Number, group));
        }

        if (_random.NextDouble() < 0.6)
        {
            foreach (int role in Distinct(_random.Next(1, 3), RoleCount))
            {
                _roleMembers.Add((user.Number, role));
            }
        }

        foreach (int project in Distinct(_random.Next(1, 4), ProjectCount))
        {
            _projectAccess.Add((user.Number, project, RandomLevel()));
        }
    }

    /// <summary>One of the groups of <paramref name="department"/> (every department has one once there are enough groups).</summary>
    private int DepartmentGroup(int department)
    {
        int perDepartment = Math.Max(1, (GroupCount - department + DemoNames.Departments.Length - 1) / DemoNames.Departments.Length);
        int group = department + (DemoNames.Departments.Length * _random.Next(perDepartment));
        return group < GroupCount ? group : _random.Next(GroupCount);
    }

    /// <summary>A project access level, mostly viewer: admin 10%, editor 30%, viewer 60%.</summary>
    private int RandomLevel()
    {
        double draw = _random.NextDouble();
        return draw < 0.1 ? 0 : draw < 0.4 ? 1 : 2;
    }

    /// <summary>Up to <paramref name="count"/> distinct numbers below <paramref name="bound"/>, drawn in order.</summary>
    private List<int> Distinct(int count, int bound)
    {
        List<int> picked = [];
        for (int attempt = 0; picked.Count < Math.Min(count, bound) && attempt < count * 4; attempt++)
        {
            int next = _random.Next(bound);
            if (!picked.Contains(next))
            {
                picked.Add(next);
            }
        }

        return picked;
    }
}
