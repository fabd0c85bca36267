using C1.Connector.V2;
using Engine.Cli.Demo;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Engine.Tests.Cli.Demo;

/// <summary>The demo's generator: the same seed gives the same records and churn, and churn stays a few percent.</summary>
[Trait("Category", "Unit")]
public sealed class DemoOrganizationTests(ITestOutputHelper output)
{
    [Fact]
    public void Generate_SameSeed_GivesTheSameRecords_ThroughEveryChurnRound()
    {
        DemoOrganization first = DemoOrganization.Generate(300, seed: 7);
        DemoOrganization second = DemoOrganization.Generate(300, seed: 7);
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(Records(first), Records(second));
            first.Churn();
            second.Churn();
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentRecords()
    {
        Dictionary<string, string> a = Records(DemoOrganization.Generate(300, seed: 7));
        Dictionary<string, string> b = Records(DemoOrganization.Generate(300, seed: 8));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Count_MatchesTheRecordsEmitted_AndIdsAreUnique()
    {
        DemoOrganization organisation = DemoOrganization.Generate(500);
        organisation.Churn();
        DemoCounts counts = organisation.Count();
        List<Resource> resources = organisation.Resources().ToList();
        List<Entitlement> entitlements = organisation.Entitlements().ToList();
        List<Grant> grants = organisation.Grants().ToList();

        Assert.Equal(DemoOrganization.ResourceTypes().Count, counts.ResourceTypes);
        Assert.Equal(resources.Count, counts.Resources);
        Assert.Equal(entitlements.Count, counts.Entitlements);
        Assert.Equal(grants.Count, counts.Grants);
        Assert.Equal(resources.Count, resources.Select(r => r.Id.ResourceType + ":" + r.Id.Resource).Distinct().Count());
        Assert.Equal(grants.Count, grants.Select(g => g.Id).Distinct().Count());
        foreach ((string type, long count) in counts.ResourcesByType)
        {
            Assert.Equal(count, resources.Count(r => r.Id.ResourceType == type));
        }

        // Every grant names an entitlement that exists, and every project has its owning group as parent.
        HashSet<string> entitlementIds = [.. entitlements.Select(e => e.Id)];
        Assert.All(grants, g => Assert.Contains(g.Entitlement.Id, entitlementIds));
        Assert.All(resources.Where(r => r.Id.ResourceType == "project"), p => Assert.Equal("group", p.ParentResourceId.ResourceType));
    }

    [Fact]
    public void Shape_ScalesWithUsers_AsDocumented()
    {
        DemoOrganization organisation = DemoOrganization.Generate(3000);
        DemoCounts counts = organisation.Count();
        Assert.Equal(4, counts.ResourceTypes);
        Assert.Equal(3000, counts.ResourcesByType["user"]);
        Assert.Equal(120, counts.ResourcesByType["group"]);
        Assert.Equal(25, counts.ResourcesByType["role"]);
        Assert.Equal(60, counts.ResourcesByType["project"]);
        Assert.InRange(counts.Grants, 3 * 3000, 8 * 3000);
        Assert.Contains(organisation.Grants(), g => g.Annotations.Count == 1 && g.Principal.Id.ResourceType == "group");
    }

    [Fact]
    public void Churn_ChangesAFewPercentOfTheRecords_EveryRound()
    {
        TestSeed.Run(output, nameof(Churn_ChangesAFewPercentOfTheRecords_EveryRound), 3, seed =>
        {
            DemoOrganization organisation = DemoOrganization.Generate(3000, seed);
            Dictionary<string, string> before = Records(organisation);
            for (int round = 1; round <= 2; round++)
            {
                DemoChurn churn = organisation.Churn();
                Dictionary<string, string> after = Records(organisation);
                int added = after.Keys.Count(id => !before.ContainsKey(id));
                int removed = before.Keys.Count(id => !after.ContainsKey(id));
                int changed = after.Count(entry => before.TryGetValue(entry.Key, out string? old) && old != entry.Value);
                double share = (double)(added + removed + changed) / before.Count;
                output.WriteLine($"seed {seed} round {round}: {added} added, {removed} removed, {changed} changed of {before.Count} ({share:P2})");
                Assert.InRange(share, 0.015, 0.06);
                Assert.True(added > 0 && removed > 0 && changed > 0);
                Assert.True(churn.Left > 0 && churn.Joined > 0 && churn.ProfileChanges > 0);
                before = after;
            }
        });
    }

    /// <summary>Every record of the organisation by kind and id, with its bytes (base64) as the value.</summary>
    private static Dictionary<string, string> Records(DemoOrganization organisation)
    {
        Dictionary<string, string> records = [];
        foreach (ResourceType type in DemoOrganization.ResourceTypes())
        {
            records.Add("rt/" + type.Id, type.ToByteString().ToBase64());
        }

        foreach (Resource resource in organisation.Resources())
        {
            records.Add($"r/{resource.Id.ResourceType}:{resource.Id.Resource}", resource.ToByteString().ToBase64());
        }

        foreach (Entitlement entitlement in organisation.Entitlements())
        {
            records.Add("e/" + entitlement.Id, entitlement.ToByteString().ToBase64());
        }

        foreach (Grant grant in organisation.Grants())
        {
            records.Add("g/" + grant.Id, grant.ToByteString().ToBase64());
        }

        return records;
    }
}
