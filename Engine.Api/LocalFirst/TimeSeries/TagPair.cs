namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>One tag of a <see cref="TagSet"/>, with the UTF-8 forms the record and the filters compare.</summary>
/// <remarks>Immutable; the arrays are never written after construction.</remarks>
internal sealed record TagPair(string Key, string Value, byte[] KeyUtf8, byte[] ValueUtf8);
