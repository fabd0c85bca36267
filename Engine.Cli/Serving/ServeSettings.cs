using System.Collections.Generic;

namespace Engine.Cli.Serving;

/// <summary>What <c>engine serve</c> was asked for: one backend (a store directory or a PostgreSQL connection string), where to listen, the token file.</summary>
internal sealed record ServeSettings(string? StoreDirectory, string? PostgresConnectionString, IReadOnlyList<string> Urls, string TokenFile);
