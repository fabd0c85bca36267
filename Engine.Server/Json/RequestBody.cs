using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Engine.Server.Json;

/// <summary>Reads a request body whole, refusing one larger than the configured limit before it is parsed.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's bytes; 413 when the declared length or the bytes received exceed <paramref name="limit"/>. The array is
    /// the request's own, so payloads may be sliced out of it and outlive the request.
    /// </summary>
    public static async ValueTask<byte[]> ReadAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // Kestrel's own limit (30 MB by default) is moved to ours so neither refuses what the other allows.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        PipeReader reader = http.Request.BodyReader;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge(limit);
            }

            if (result.IsCompleted)
            {
                byte[] body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static SyncRequestException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body exceeds {limit} bytes");
}
