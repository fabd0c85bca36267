using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Indexes;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// The oracle of the document tests: a filter model evaluated on <see cref="JsonObject"/>s with <see cref="JsonModel"/>'s
/// order, query evaluation with LINQ, and the index keyspace a rebuild from the documents would produce.
/// </summary>
internal static class DocumentStoreModel
{
    private static readonly string[] s_fields = ["a", "b", "n.x", "n"];

    /// <summary>A filter of the model, with the store's filter it stands for.</summary>
    public abstract record ModelFilter
    {
        public abstract bool Eval(JsonObject document);

        public abstract DocFilter ToStore();
    }

    public sealed record Compare(string Field, string Op, JsonNode? Value) : ModelFilter
    {
        public override bool Eval(JsonObject document)
        {
            (bool found, JsonNode? value) = JsonModel.Lookup(document, Field);
            if (!found)
            {
                return Op == "ne";
            }

            int order = JsonModel.Compare(true, value, true, Value);
            bool sameType = JsonModel.Rank(true, value) == JsonModel.Rank(true, Value);
            return Op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => sameType && order > 0,
                "gte" => sameType && order >= 0,
                "lt" => sameType && order < 0,
                _ => sameType && order <= 0,
            };
        }

        public override DocFilter ToStore()
        {
            JsonNode? v = Value?.DeepClone();
            return Op switch
            {
                "eq" => DocFilter.Eq(Field, v),
                "ne" => DocFilter.Ne(Field, v),
                "gt" => DocFilter.Gt(Field, v),
                "gte" => DocFilter.Gte(Field, v),
                "lt" => DocFilter.Lt(Field, v),
                _ => DocFilter.Lte(Field, v),
            };
        }

        public override string ToString() => $"{Field} {Op} {Value?.ToJsonString() ?? "null"}";
    }

    public sealed record In(string Field, JsonNode?[] Values) : ModelFilter
    {
        public override bool Eval(JsonObject document)
        {
            (bool found, JsonNode? value) = JsonModel.Lookup(document, Field);
            return found && Values.Any(v => JsonModel.Compare(true, value, true, v) == 0);
        }

        public override DocFilter ToStore() => DocFilter.In(Field, Values.Select(v => v?.DeepClone()));

        public override string ToString() => $"{Field} in [{string.Join(", ", Values.Select(v => v?.ToJsonString() ?? "null"))}]";
    }

    public sealed record Exists(string Field, bool Present) : ModelFilter
    {
        public override bool Eval(JsonObject document) => JsonModel.Lookup(document, Field).Found == Present;

        public override DocFilter ToStore() => DocFilter.Exists(Field, Present);
    }

    public sealed record And(ModelFilter[] Children) : ModelFilter
    {
        public override bool Eval(JsonObject document) => Children.All(c => c.Eval(document));

        public override DocFilter ToStore() => DocFilter.And(Children.Select(c => c.ToStore()));

        public override string ToString() => $"({string.Join(" and ", (IEnumerable<ModelFilter>)Children)})";
    }

    public sealed record Or(ModelFilter[] Children) : ModelFilter
    {
        public override bool Eval(JsonObject document) => Children.Any(c => c.Eval(document));

        public override DocFilter ToStore() => DocFilter.Or(Children.Select(c => c.ToStore()));

        public override string ToString() => $"({string.Join(" or ", (IEnumerable<ModelFilter>)Children)})";
    }

    public sealed record Not(ModelFilter Child) : ModelFilter
    {
        public override bool Eval(JsonObject document) => !Child.Eval(document);

        public override DocFilter ToStore() => DocFilter.Not(Child.ToStore());
    }

    /// <summary>A query of the model: filter, sort, skip, limit, projection.</summary>
    public sealed record ModelQuery(ModelFilter? Filter, FieldOrder[] Sort, int Skip, int? Limit, string[]? Projection)
    {
        public DocQuery ToStore() => new()
        {
            Filter = Filter?.ToStore(),
            Sort = Sort,
            Skip = Skip,
            Limit = Limit,
            Projection = Projection,
        };

        public override string ToString() =>
            $"filter {Filter?.ToString() ?? "-"}, sort [{string.Join(", ", (IEnumerable<FieldOrder>)Sort)}], skip {Skip}, limit {Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, projection [{string.Join(", ", Projection ?? [])}]";
    }

    private static readonly Gen<string> s_field = Gen.Int[0, s_fields.Length - 1].Select(i => s_fields[i]);

    private static readonly Gen<string> s_op = Gen.Int[0, 5].Select(i => new[] { "eq", "ne", "gt", "gte", "lt", "lte" }[i]);

    private static readonly Gen<ModelFilter> s_leaf = Gen.Int[0, 9].SelectMany(kind => kind switch
    {
        0 => Gen.Select(s_field, Gen.Bool, (f, p) => (ModelFilter)new Exists(f, p)),
        1 => Gen.Select(s_field, JsonModel.Scalar.Array[0, 3], (f, v) => (ModelFilter)new In(f, v)),
        _ => Gen.Select(s_field, s_op, JsonModel.Value, (f, o, v) => (ModelFilter)new Compare(f, o, v)),
    });

    private static readonly Gen<ModelFilter> s_filter = Gen.Int[0, 6].SelectMany(kind => kind switch
    {
        0 or 1 => s_leaf.Array[1, 3].Select(c => (ModelFilter)new And(c)),
        2 => s_leaf.Array[0, 2].Select(c => (ModelFilter)new Or(c)),
        3 => s_leaf.Select(c => (ModelFilter)new Not(c)),
        _ => s_leaf,
    });

    /// <summary>A random query over the model's fields.</summary>
    public static readonly Gen<ModelQuery> Query = Gen.Select(
        Gen.Int[0, 5].SelectMany(k => k == 0 ? Gen.Bool.Select(_ => (ModelFilter?)null) : s_filter.Select(f => (ModelFilter?)f)),
        Gen.Select(s_field, Gen.Bool, (f, d) => new FieldOrder(f, d)).Array[0, 2],
        Gen.Int[0, 3].SelectMany(k => k == 0 ? Gen.Int[1, 4] : Gen.Const(0)),
        Gen.Int[-1, 5].Select(l => l < 0 ? (int?)null : l),
        Gen.Int[0, 3].SelectMany(k => k == 0 ? s_field.Array[1, 2].Select(p => (string[]?)p) : Gen.Bool.Select(_ => (string[]?)null)),
        (filter, sort, skip, limit, projection) => new ModelQuery(filter, sort, skip, limit, projection));

    /// <summary>Index shapes the tests create, by name.</summary>
    public static readonly (string Name, FieldOrder[] Fields)[] IndexShapes =
    [
        ("a", [new FieldOrder("a")]),
        ("b_desc", [new FieldOrder("b", true)]),
        ("a_b", [new FieldOrder("a"), new FieldOrder("b", true)]),
        ("nx", [new FieldOrder("n.x")]),
        ("b_a", [new FieldOrder("b"), new FieldOrder("a")]),
    ];

    /// <summary>The query's result by the model: ids and (projected) documents.</summary>
    public static List<(string Id, JsonObject Value)> Run(IReadOnlyDictionary<string, JsonObject> documents, ModelQuery query)
    {
        IEnumerable<KeyValuePair<string, JsonObject>> matches = documents.Where(d => query.Filter?.Eval(d.Value) ?? true);
        List<KeyValuePair<string, JsonObject>> ordered = [.. matches];
        ordered.Sort((x, y) =>
        {
            foreach (FieldOrder order in query.Sort)
            {
                (bool fx, JsonNode? vx) = JsonModel.Lookup(x.Value, order.Field);
                (bool fy, JsonNode? vy) = JsonModel.Lookup(y.Value, order.Field);
                int c = JsonModel.Compare(fx, vx, fy, vy);
                if (c != 0)
                {
                    return order.Descending ? -c : c;
                }
            }

            return string.CompareOrdinal(x.Key, y.Key);
        });
        IEnumerable<KeyValuePair<string, JsonObject>> page = ordered.Skip(query.Skip);
        if (query.Limit is int limit)
        {
            page = page.Take(limit);
        }

        return [.. page.Select(p => (p.Key, query.Projection is null ? p.Value : Project(p.Value, query.Projection)))];
    }

    private static JsonObject Project(JsonObject document, string[] paths)
    {
        JsonObject result = [];
        foreach (string path in paths)
        {
            (bool found, JsonNode? value) = JsonModel.Lookup(document, path);
            if (!found)
            {
                continue;
            }

            string[] segments = path.Split('.');
            JsonObject target = result;
            foreach (string segment in segments[..^1])
            {
                if (target[segment] is not JsonObject next)
                {
                    next = [];
                    target[segment] = next;
                }

                target = next;
            }

            target[segments[^1]] = value?.DeepClone();
        }

        return result;
    }

    /// <summary>The store's result of a query, synchronously.</summary>
    public static List<(string Id, JsonObject Value)> Run(DocumentCollection collection, DocQuery query) =>
        [.. collection.Query(query, default).Select(d => (d.Id, d.Value))];

    /// <summary>Asserts that two results are the same documents in the same order.</summary>
    public static void AssertSame(List<(string Id, JsonObject Value)> expected, List<(string Id, JsonObject Value)> actual, string context)
    {
        Assert.True(expected.Select(e => e.Id).SequenceEqual(actual.Select(a => a.Id)),
            $"{context}: expected [{string.Join(", ", expected.Select(e => e.Id))}], got [{string.Join(", ", actual.Select(a => a.Id))}]");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i].Value, actual[i].Value), $"{context}: {expected[i].Id} expected {expected[i].Value.ToJsonString()}, got {actual[i].Value.ToJsonString()}");
        }
    }

    /// <summary>The entry keys of an index as a rebuild from the collection's stored documents would write them, in key order.</summary>
    public static List<byte[]> RebuildIndex(LocalStore store, string collection, string index)
    {
        IndexInfo info = store.Collection(collection).GetIndexes().Single(i => i.Name == index);
        DocumentIndex definition = new(collection, index, info.Fields, info.Kind, IndexState.Ready);
        List<byte[]> keys = [];
        foreach (KeyValuePair<byte[], byte[]> stored in store.Database.Scan(DocumentKeys.Documents(collection)))
        {
            keys.Add(definition.EntryKey(DocumentFormat.Body(stored.Value), DocumentKeys.IdOfDocument(stored.Key, "model")));
        }

        keys.Sort(JsonModel.ByteOrder.Instance);
        return keys;
    }

    /// <summary>The entry keys of an index as a rebuild from the model's documents would write them, in key order.</summary>
    public static List<byte[]> RebuildIndex(IReadOnlyDictionary<string, JsonObject> documents, string collection, string index, IReadOnlyList<FieldOrder> fields)
    {
        DocumentIndex definition = new(collection, index, fields, fields.Count > 1 ? IndexKind.Compound : IndexKind.Ascending, IndexState.Ready);
        List<byte[]> keys = [];
        foreach ((string id, JsonObject document) in documents)
        {
            using JsonDocument parsed = JsonDocument.Parse(document.ToJsonString());
            keys.Add(definition.EntryKey(DocumentFormat.Body(DocumentEncoder.Encode(parsed.RootElement, "document")), id));
        }

        keys.Sort(JsonModel.ByteOrder.Instance);
        return keys;
    }

    /// <summary>Every entry key under an index's prefix, in key order.</summary>
    public static List<byte[]> IndexKeys(LocalStore store, string collection, string index) =>
        [.. store.Database.Scan(KeyRange.Prefix(DocumentKeys.IndexPrefix(collection, index))).Select(p => p.Key)];
}
