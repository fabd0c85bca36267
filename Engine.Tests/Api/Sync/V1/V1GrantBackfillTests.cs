using C1.Connector.V2;
using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// The grant expansion backfill (spec 9.2) on every grant of the fixtures, read with Microsoft.Data.Sqlite: the
/// re-marshalled grant equals the original blob minus the GrantExpandable Any entry, byte for byte, and the expansion
/// equals that Any's value bytes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class V1GrantBackfillTests
{
    [Theory]
    [InlineData("org-1k-resources.c1z", 2909, 409)]
    [InlineData("org-35k-resources.c1z", 66601, 401)]
    public void EveryFixtureGrant_BackfillsToTheBlobMinusItsAnnotation(string fixture, int grants, int expandable)
    {
        using TempDirectory directory = new("v1-backfill");
        string database = V1Databases.Decode(fixture, directory);
        int seen = 0;
        int moved = 0;
        using (SqliteConnection connection = SqliteOracle.Connect(database, readOnly: true))
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT data FROM v1_grants ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] blob = (byte[])reader[0];
                (byte[] data, byte[]? expansion) = V1GrantBackfill.Apply(blob);
                (byte[] withoutEntry, byte[]? anyValue) = WithoutExpandableEntry(blob);
                Assert.Equal(withoutEntry, data);
                Assert.Equal(anyValue, expansion);
                seen++;
                moved += expansion is null ? 0 : 1;
            }
        }

        Assert.Equal((grants, expandable), (seen, moved));
    }

    [Fact]
    public void BlankIds_KeepTheAnnotationInTheBlob_AndNoExpansion_AsTheReferenceQuirk()
    {
        Grant grant = MakeGrant(MakeEntitlement(MakeResource("group", "g"), "member"), MakeResource("user", "u")).With(Expandable(" ", ""));
        byte[] blob = grant.ToByteArray();

        (byte[] data, byte[]? expansion) = V1GrantBackfill.Apply(blob);

        Assert.Same(blob, data);
        Assert.Null(expansion);
    }

    [Fact]
    public void TheFirstAnnotationDecides_AndEveryOneLeaves()
    {
        Grant bare = MakeGrant(MakeEntitlement(MakeResource("group", "g"), "member"), MakeResource("user", "u"));
        Any first = Expandable("group:g:admin");
        Grant grant = bare.With(Any.Pack(new Timestamp { Seconds = 5 })).With(first).With(Expandable("group:g:other"));

        (byte[] data, byte[]? expansion) = V1GrantBackfill.Apply(grant.ToByteArray());

        Assert.Equal(bare.With(Any.Pack(new Timestamp { Seconds = 5 })).ToByteArray(), data);
        Assert.Equal(first.Value.ToByteArray(), expansion);
    }

    [Fact]
    public void AGrantThatDoesNotParse_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => V1GrantBackfill.Apply([0x22, 0x05, .. "c1.connector.v2.GrantExpandable"u8]));
    }

    /// <summary>
    /// The blob with its top-level annotation entries (field 4) that are GrantExpandable cut out as raw bytes, and the
    /// first one's value bytes: computed from the wire format, independently of the code under test.
    /// </summary>
    private static (byte[] Blob, byte[]? Value) WithoutExpandableEntry(byte[] blob)
    {
        List<byte> kept = [];
        byte[]? value = null;
        bool any = false;
        CodedInputStream input = new(blob);
        while (!input.IsAtEnd)
        {
            int start = (int)input.Position;
            uint tag = input.ReadTag();
            input.SkipLastField();
            int end = (int)input.Position;
            byte[] field = blob[start..end];
            if (WireFormat.GetTagFieldNumber(tag) == 4 && Content(field) is { } entry &&
                entry.TypeUrl.EndsWith("/c1.connector.v2.GrantExpandable", StringComparison.Ordinal))
            {
                if (!any && GrantExpandable.Parser.ParseFrom(entry.Value).EntitlementIds.Any(id => !string.IsNullOrWhiteSpace(id)))
                {
                    value = entry.Value.ToByteArray();
                }

                any = true;
                continue;
            }

            kept.AddRange(field);
        }

        return value is null ? (blob, null) : ([.. kept], value);
    }

    /// <summary>The Any inside a length-delimited field's bytes (tag, length, content).</summary>
    private static Any Content(byte[] field)
    {
        CodedInputStream input = new(field);
        input.ReadTag();
        int length = input.ReadLength();
        return Any.Parser.ParseFrom(field, (int)input.Position, length);
    }
}
