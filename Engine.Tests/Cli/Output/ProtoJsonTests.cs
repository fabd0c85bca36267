using System.Text.Json;
using C1.Connector.V2;
using Engine.Cli.Output;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Cli.Output;

public sealed class ProtoJsonTests
{
    [Fact]
    public void AnAnnotationOfAnUnknownType_KeepsItsTypeAndBytes_AndKnownOnesAreMapped()
    {
        byte[] traitBytes = [0x12, 0x03, 0x61, 0x62, 0x63];
        Resource group = MakeResource("group", "g1");
        group.Annotations.Add(new Any { TypeUrl = "type.googleapis.com/c1.connector.v2.GroupTrait", Value = ByteString.CopyFrom(traitBytes) });
        Grant grant = MakeGrant(MakeEntitlement(group, "member"), MakeResource("user", "alice")).With(Expandable("group:g2:member"));

        string json = ProtoJson.Format(grant);

        JsonElement root = JsonDocument.Parse(json).RootElement;
        JsonElement unknown = root.GetProperty("entitlement").GetProperty("resource").GetProperty("annotations")[0];
        Assert.Equal("type.googleapis.com/c1.connector.v2.GroupTrait", unknown.GetProperty("@type").GetString());
        Assert.Equal(traitBytes, unknown.GetProperty("@binary").GetBytesFromBase64());
        JsonElement known = root.GetProperty("annotations")[0];
        Assert.Equal("group:g2:member", known.GetProperty("entitlementIds")[0].GetString());
        Assert.Single(grant.Entitlement.Resource.Annotations);
        Assert.Equal("type.googleapis.com/c1.connector.v2.GroupTrait", grant.Entitlement.Resource.Annotations[0].TypeUrl);
    }

    [Fact]
    public void AMessageWithoutUnknownAnnotations_IsProtobufsJsonMapping()
    {
        Resource alice = MakeResource("user", "alice");
        Assert.Equal(JsonFormatter.Default.Format(alice), ProtoJson.Format(alice));
    }
}
