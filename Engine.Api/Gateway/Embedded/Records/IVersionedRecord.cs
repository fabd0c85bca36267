namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>A stored record that knows whether this code reads its format version.</summary>
internal interface IVersionedRecord
{
    /// <summary>Whether the stored format version is the one this code writes.</summary>
    bool HasKnownVersion { get; }
}
