using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Routing;

/// <summary>
/// A JSON response written straight into the response pipe; long lists flush every 64 KiB so a pull of large payloads
/// is not held in memory whole.
/// </summary>
internal sealed class JsonResponse : IDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly PipeWriter _pipe;
    private long _flushedUpTo;

    private JsonResponse(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        _pipe = http.Response.BodyWriter;
        Json = new Utf8JsonWriter(_pipe);
    }

    public Utf8JsonWriter Json { get; }

    public static JsonResponse Start(HttpContext http, int status) => new(http, status);

    /// <summary>Writes a whole small response.</summary>
    public static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        using JsonResponse response = Start(http, status);
        write(response.Json);
        await response.CompleteAsync(http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends what is written so far once it exceeds the threshold.</summary>
    private async ValueTask FlushIfLargeAsync(CancellationToken cancellationToken)
    {
        if (Json.BytesCommitted + Json.BytesPending - _flushedUpTo >= FlushThreshold)
        {
            Json.Flush();
            _flushedUpTo = Json.BytesCommitted;
            await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <c>"name": [...]</c>, sending what is written whenever it passes the threshold.</summary>
    public async ValueTask WriteListAsync<T>(string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write, CancellationToken cancellationToken)
    {
        Json.WriteStartArray(name);
        foreach (T item in items)
        {
            write(Json, item);
            await FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }

        Json.WriteEndArray();
    }

    /// <summary>Sends the rest.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => Json.Dispose();
}
