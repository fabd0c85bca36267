using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

/// <summary>The verdict on one pushed op: its fingerprint, and either the op ready for a store or why it is invalid.</summary>
/// <param name="Fingerprint">SHA-256 of the op's canonical form (<see cref="OpFingerprint"/>).</param>
/// <param name="Prepared">The op ready for a store; null when invalid.</param>
/// <param name="Error">Why the op is invalid; null when valid.</param>
internal readonly record struct CheckedOp(byte[] Fingerprint, PreparedOp? Prepared, string? Error);

/// <summary>
/// Validates one pushed op on its own (spec sync-gateway.md 1.3 (2)), fingerprints it and resets the server-derived
/// fields of what is stored. Immutable after construction; thread-safe.
/// </summary>
/// <remarks>
/// An oversized payload is a <see cref="SyncErrorCode.ValidationError"/>, as the reference answers (1.3 (2): every
/// per-op validation failure, the 256 KiB limit among them, returns <c>VALIDATION_ERROR</c>).
/// </remarks>
internal sealed class PendingOpChecker
{
    private static readonly JsonDocumentOptions s_parseOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = false };

    private readonly SyncGatewayOptions _options;

    public PendingOpChecker(SyncGatewayOptions options)
    {
        _options = options;
    }

    /// <summary>Checks the shape every op must have (null members are a caller's bug, not a client's).</summary>
    /// <param name="op">The op.</param>
    /// <param name="index">Its index in the batch.</param>
    /// <param name="batch">The name of the batch argument, for the exception.</param>
    /// <exception cref="ArgumentException">The op, its stamp or one of their strings is null.</exception>
    public static void CheckShape(PendingOp? op, int index, string batch)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"batch.Ops[{index}]");
        if (op is null)
        {
            throw new ArgumentException($"{name} is null", batch);
        }

        if (op.TableName is null || op.Pk is null || op.Stamp is null || op.Stamp.OpId is null || op.Stamp.Hlc is null || op.Stamp.DeviceId is null)
        {
            throw new ArgumentException($"{name} has a null table name, pk, stamp, op id, hlc or device id", batch);
        }
    }

    /// <summary>Validates and prepares <paramref name="op"/> for <paramref name="workspaceId"/>.</summary>
    public CheckedOp Check(PendingOp op, string workspaceId)
    {
        ReadOnlyMemory<byte>? payloadBytes = op.PayloadJson;
        if (payloadBytes is { } oversized && oversized.Length > _options.MaxPayloadBytes)
        {
            return Invalid(op, string.Create(CultureInfo.InvariantCulture, $"payload exceeds {_options.MaxPayloadBytes} bytes"));
        }

        if (payloadBytes is not { } bytes)
        {
            byte[] fingerprint = OpFingerprint.Compute(op, null);
            string? error = CheckStamp(op);
            return error is null ? Valid(op, fingerprint, null) : new CheckedOp(fingerprint, null, error);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, s_parseOptions);
        }
        catch (JsonException)
        {
            return Invalid(op, "payload is not valid JSON");
        }

        using (document)
        {
            byte[] fingerprint;
            try
            {
                fingerprint = OpFingerprint.Compute(op, document.RootElement);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // A string that is not valid UTF-8, or decodes to a lone surrogate.
                return Invalid(op, "payload is not valid JSON");
            }

            string? problem = CheckStamp(op) ?? CheckPayload(op, document.RootElement, workspaceId);
            if (problem is not null)
            {
                return new CheckedOp(fingerprint, null, problem);
            }

            return Valid(op, fingerprint, ResetServerDerivedFields(op.TableName, document.RootElement, bytes));
        }
    }

    private static CheckedOp Invalid(PendingOp op, string error) => new(OpFingerprint.ComputeRaw(op), null, error);

    private static CheckedOp Valid(PendingOp op, byte[] fingerprint, ReadOnlyMemory<byte>? payload) =>
        new(fingerprint, new PreparedOp(op.Stamp.OpId, op.TableName, op.Operation, op.Pk, payload, op.Stamp, fingerprint), null);

    private string? CheckStamp(PendingOp op)
    {
        if (!_options.AllowedTables.Contains(op.TableName))
        {
            return $"Invalid table: {op.TableName}";
        }

        if (op.Stamp.OpId.Length == 0)
        {
            return "'opId' must not be empty";
        }

        if (op.Pk.Length == 0)
        {
            return "'pk' must not be empty";
        }

        if (op.Operation is not (SyncOp.Put or SyncOp.Delete))
        {
            return "'operation' must be put or delete";
        }

        return op.Stamp.Clock < 0 ? "'clock' must be at least 0" : null;
    }

    private string? CheckPayload(PendingOp op, JsonElement payload, string workspaceId)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return "payload must be a JSON object";
        }

        string keyField = _options.LogicalKeyField(op.TableName);
        // Each check reads every occurrence of a name, so a repeated key cannot hide a bad value behind a good one.
        foreach (JsonProperty property in payload.EnumerateObject())
        {
            if (property.NameEquals("_id"))
            {
                return "'_id' is not allowed";
            }

            if (property.NameEquals("workspace_id") && !IsString(property.Value, workspaceId))
            {
                return "'workspace_id' is immutable";
            }

            if (property.NameEquals(keyField) && !IsString(property.Value, op.Pk))
            {
                return $"'{keyField}' must match operation pk";
            }
        }

        return null;
    }

    private static bool IsString(JsonElement value, string expected) =>
        value.ValueKind == JsonValueKind.String && value.ValueEquals(expected);

    /// <summary>
    /// The payload to store: the client's bytes as they are, or, when the table has server-derived fields and the
    /// payload carries one, the payload re-serialized with each such field set to 0 (other members keep their order).
    /// </summary>
    private ReadOnlyMemory<byte> ResetServerDerivedFields(string table, JsonElement payload, ReadOnlyMemory<byte> bytes)
    {
        if (!_options.ServerDerivedFields.TryGetValue(table, out IReadOnlySet<string>? derived) || derived.Count == 0)
        {
            return bytes;
        }

        bool present = false;
        foreach (JsonProperty property in payload.EnumerateObject())
        {
            present |= derived.Contains(property.Name);
        }

        if (!present)
        {
            return bytes;
        }

        ArrayBufferWriter<byte> buffer = new(bytes.Length + 16);
        using (Utf8JsonWriter writer = new(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in payload.EnumerateObject())
            {
                if (derived.Contains(property.Name))
                {
                    writer.WriteNumber(property.Name, 0);
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory.ToArray();
    }
}
