namespace Engine.Cli.Demo;

/// <summary>The word lists the demo organisation draws its names from.</summary>
internal static class DemoNames
{
    public static readonly string[] FirstNames =
    [
        "Ada", "Alan", "Amara", "Ana", "Arjun", "Beatriz", "Ben", "Chen", "Chloe", "Dara", "David", "Elena", "Emeka",
        "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jamal", "Jin", "Julia", "Kai", "Kenji", "Lara",
        "Leo", "Lina", "Luca", "Maya", "Mei", "Mohammed", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rafael", "Rosa",
        "Sam", "Sara", "Sofia", "Tariq", "Tomas", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
    ];

    public static readonly string[] LastNames =
    [
        "Abe", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Bianchi", "Chowdhury", "Costa", "Dubois", "Eriksen", "Fischer",
        "Garcia", "Gupta", "Haddad", "Ivanova", "Jensen", "Kim", "Kowalski", "Larsen", "Lopez", "Martin", "Mendes",
        "Müller", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Petrov", "Quinn", "Rossi", "Sato",
        "Schmidt", "Silva", "Singh", "Smith", "Tanaka", "Torres", "Usman", "Varga", "Wang", "Weber", "Xu", "Yilmaz",
        "Zhang", "Zimmermann",
    ];

    public static readonly string[] Departments =
    [
        "Engineering", "Product", "Design", "Sales", "Marketing", "Finance", "People", "Legal", "Support", "Security",
        "Operations", "Data",
    ];

    public static readonly string[] Titles =
    [
        "Associate", "Analyst", "Engineer", "Senior Engineer", "Staff Engineer", "Manager", "Senior Manager", "Director",
        "Specialist", "Lead", "Consultant", "Coordinator", "Principal", "Vice President",
    ];

    public static readonly string[] Roles =
    [
        "Global Admin", "Billing Admin", "Billing Viewer", "Security Auditor", "Compliance Reviewer", "Help Desk",
        "User Admin", "Group Admin", "Read Only", "Report Viewer", "Report Author", "Deploy Operator", "On-call Responder",
        "Incident Commander", "Data Steward", "Data Analyst", "Secrets Reader", "Secrets Admin", "License Manager",
        "App Owner", "Integration Admin", "Audit Log Reader", "Network Admin", "Device Manager", "Support Agent",
    ];

    public static readonly string[] ProjectWords =
    [
        "Apollo", "Borealis", "Cascade", "Delta", "Ember", "Falcon", "Gemini", "Harbor", "Iris", "Juniper", "Kestrel",
        "Lumen", "Meridian", "Nimbus", "Orion", "Pioneer", "Quartz", "Redwood", "Summit", "Tundra", "Umbra", "Vega",
        "Willow", "Zephyr",
    ];

    /// <summary>The access levels of a project, each an entitlement: index 0 is the most privileged.</summary>
    public static readonly string[] ProjectLevels = ["admin", "editor", "viewer"];
}
