using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>A secondary index of a collection, as <see cref="DocumentCollection.GetIndexes"/> lists it.</summary>
/// <param name="Name">The index's name, unique in its collection.</param>
/// <param name="Fields">The indexed fields in key order, each with its direction.</param>
/// <param name="Kind">The shape the index was created with.</param>
/// <param name="IsReady">False while the index is being built: queries do not use it yet.</param>
public sealed record IndexInfo(string Name, IReadOnlyList<FieldOrder> Fields, IndexKind Kind, bool IsReady);
