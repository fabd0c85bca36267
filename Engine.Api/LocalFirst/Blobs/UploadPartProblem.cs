namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Why a part named in a multipart completion was refused.</summary>
public enum UploadPartProblem
{
    /// <summary>No part of that number was uploaded.</summary>
    Missing = 0,

    /// <summary>The part was uploaded, but its etag (SHA-256) is not the one the completion names.</summary>
    ETagMismatch = 1,
}
