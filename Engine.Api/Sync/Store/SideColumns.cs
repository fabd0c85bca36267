using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The side columns of one entity record (docs/format/keyspace.md, "Entity values") held inline, so a pending row
/// needs no array of its own.
/// </summary>
[InlineArray(Records.EntityRecord.MaxColumns)]
internal struct SideColumns
{
    private string _element0;

    /// <summary>Columns of a resource: rt, parent rt, parent id.</summary>
    public static SideColumns Of(string a, string b, string c)
    {
        SideColumns columns = default;
        columns[0] = a;
        columns[1] = b;
        columns[2] = c;
        return columns;
    }

    /// <summary>Columns of an entitlement: rt, rid.</summary>
    public static SideColumns Of(string a, string b)
    {
        SideColumns columns = default;
        columns[0] = a;
        columns[1] = b;
        return columns;
    }

    /// <summary>Columns of a grant: entitlement rt, entitlement rid, entitlement id, principal rt, principal id.</summary>
    public static SideColumns Of(string a, string b, string c, string d, string e)
    {
        SideColumns columns = default;
        columns[0] = a;
        columns[1] = b;
        columns[2] = c;
        columns[3] = d;
        columns[4] = e;
        return columns;
    }

    /// <summary>The first <paramref name="count"/> columns.</summary>
    [UnscopedRef]
    public ReadOnlySpan<string> First(int count) => ((ReadOnlySpan<string>)this)[..count];
}
