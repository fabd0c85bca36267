namespace Engine.Tests.Api.Sync.Model;

/// <summary>One sync run of the model: its row of <c>v1_sync_runs</c> and its records by kind and id.</summary>
internal sealed class ModelSync(string id, string type, string parent, long startedAt)
{
    /// <summary>The sync id; the test sets it to the id the store minted, as the model cannot mint KSUIDs.</summary>
    public string Id { get; set; } = id;

    public string Type { get; set; } = type;

    public string Parent { get; } = parent;

    public long StartedAt { get; } = startedAt;

    public long? EndedAt { get; set; }

    public string Token { get; set; } = "";

    public SortedDictionary<string, ModelRecord> ResourceTypes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ModelRecord> Resources { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ModelRecord> Grants { get; } = new(StringComparer.Ordinal);
}
