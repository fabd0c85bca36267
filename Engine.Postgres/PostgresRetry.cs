using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Engine.Postgres;

/// <summary>
/// Runs a transaction again when PostgreSQL aborts it for a race another process won: a unique violation (two pushes
/// inserting one op id, two first logins of one identity), a serialization failure or a deadlock. The retry re-reads
/// and sees the winner's committed state, so the loser resolves to a replay or a conflict.
/// </summary>
internal static class PostgresRetry
{
    /// <summary>How many times a transaction runs before the race's error surfaces.</summary>
    public const int MaxAttempts = 8;

    /// <summary>Runs <paramref name="attempt"/> until it commits, or fails with something other than a lost race.</summary>
    public static async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        for (int tries = 1; ; tries++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (tries < MaxAttempts && IsLostRace(ex))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Whether the error means another transaction won a race for the same rows.</summary>
    public static bool IsLostRace(PostgresException exception) => exception.SqlState is
        PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
