using System.Security.Cryptography;
using System.Text;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Postgres;

/// <summary>Prepared ops for the PostgreSQL store's own tests, fingerprinted as the gateway would (any stable hash of the content).</summary>
internal static class PostgresOps
{
    public static PreparedOp Put(string opId, string pk, long clock = 1, string table = "threads", string device = "device-1", string hlc = "0001")
    {
        byte[] payload = Encoding.UTF8.GetBytes($"{{\"id\":\"{pk}\",\"clock\":{clock}}}");
        ChangeStamp stamp = new(device, opId, hlc, clock);
        byte[] fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes($"{table}|put|{pk}|{clock}|{hlc}|{device}|{Encoding.UTF8.GetString(payload)}"));
        return new PreparedOp(opId, table, SyncOp.Put, pk, payload, stamp, fingerprint);
    }
}
