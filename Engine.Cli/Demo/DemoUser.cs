namespace Engine.Cli.Demo;

/// <summary>One person of the demo organisation: what their user resource shows. Mutable: churn edits profiles.</summary>
internal sealed class DemoUser(int number, string firstName, string lastName, int department, int title)
{
    /// <summary>The stable number the resource id is made from (<c>u00042</c>); never reused after the user leaves.</summary>
    public int Number { get; } = number;

    public string FirstName { get; } = firstName;

    public string LastName { get; set; } = lastName;

    /// <summary>An index into <see cref="DemoNames.Departments"/>.</summary>
    public int Department { get; set; } = department;

    /// <summary>An index into <see cref="DemoNames.Titles"/>.</summary>
    public int Title { get; set; } = title;

    public bool Enabled { get; set; } = true;

    public string Id => DemoIds.User(Number);

    public string DisplayName => FirstName + " " + LastName;

    /// <summary>The address stays as first issued: a renamed person keeps their mailbox.</summary>
    public string Email { get; } = $"{firstName}.{lastName}.{number}@example.com".ToLowerInvariant();
}
