using System;
using System.IO;

namespace Engine.Api.Sync.Results;

/// <summary>An asset as read back: its content type and its bytes as a stream that reads chunk by chunk.</summary>
/// <param name="ContentType">The content type first stored for the asset (<c>"unknown"</c> when stored empty).</param>
/// <param name="Data">The bytes; the caller disposes it.</param>
public sealed record AssetContent(string ContentType, Stream Data) : IDisposable
{
    /// <summary>Disposes <see cref="Data"/>.</summary>
    public void Dispose() => Data.Dispose();
}
