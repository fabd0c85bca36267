using System;
using System.Collections.Generic;

namespace Engine.Postgres;

/// <summary>One step of the schema: applied once, in version order, in its own transaction.</summary>
/// <param name="Version">Its number in the <c>schema_migrations</c> ledger; versions start at 1 and have no gaps.</param>
/// <param name="Sql">The statements, separated by semicolons (none inside a statement), that take the schema from the previous version to this one.</param>
internal sealed record PostgresMigration(int Version, string Sql)
{
    /// <summary>The statements one by one: a batch runs them in the extended protocol, which takes one statement per command.</summary>
    public IReadOnlyList<string> Statements { get; } = Sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
