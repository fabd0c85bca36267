namespace Engine.Postgres;

/// <summary>One step of the schema: applied once, in version order, in its own transaction.</summary>
/// <param name="Version">Its number in the <c>schema_migrations</c> ledger; versions start at 1 and have no gaps.</param>
/// <param name="Sql">The statements that take the schema from the previous version to this one.</param>
internal sealed record PostgresMigration(int Version, string Sql);
