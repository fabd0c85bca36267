using MessagePack;

namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>The value of <c>0x22 ‖ (collection, index)</c>: an index's fields, kind and state.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class IndexDefinitionRecord
{
    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>The dotted field paths, in key order.</summary>
    [Key(1)]
    public string[] Fields { get; set; } = [];

    /// <summary>Per field, whether it is descending (its encoding bit-inverted).</summary>
    [Key(2)]
    public bool[] Descending { get; set; } = [];

    /// <summary>The <see cref="IndexKind"/> it was created with.</summary>
    [Key(3)]
    public int Kind { get; set; }

    /// <summary>The <see cref="IndexState"/>.</summary>
    [Key(4)]
    public int State { get; set; }
}
