using System.Text;
using Engine.Api.Gateway;
using Engine.Server.Authentication;

namespace Engine.Tests.Server;

public sealed class DevTokenFileTests
{
    [Fact]
    public void Parse_MapsTokensToIdentities_AndUnknownTokensToNone()
    {
        DevTokenFile file = DevTokenFile.Parse(Encoding.UTF8.GetBytes(LoopbackServer.TokensJson));

        Assert.Equal(3, file.Count);
        Assert.Equal(new ExternalIdentity("dev", "alice", "alice@example.com", "Alice"), file.Find("tok-alice"));
        Assert.Equal(new ExternalIdentity("dev", "bob"), file.Find("tok-bob"));
        Assert.Null(file.Find("TOK-ALICE"));
        Assert.Null(file.Find(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"tokens\": []}")]
    [InlineData("{\"tokens\": {\"t\": {\"provider\": \"dev\"}}}")]
    [InlineData("{\"tokens\": {\"t\": {\"provider\": \"\", \"user_id\": \"u\"}}}")]
    [InlineData("{\"tokens\": {\"\": {\"provider\": \"dev\", \"user_id\": \"u\"}}}")]
    [InlineData("{\"tokens\": {\"t\": \"u\"}}")]
    public void Parse_RejectsAnythingButTheDocumentedFormat(string json)
    {
        Assert.Throws<FormatException>(() => DevTokenFile.Parse(Encoding.UTF8.GetBytes(json)));
    }
}
