namespace Engine.Api.Gateway.Storage;

/// <summary>What a store did with a cursor update; the gateway maps refusals to statuses.</summary>
public enum CursorUpdateOutcome
{
    /// <summary>Created, moved forward, or left at an equal value.</summary>
    Updated,

    /// <summary>The version exceeds the workspace's counter: 400, nothing written.</summary>
    BeyondCounter,

    /// <summary>Another user wrote this device's cursor first: 403, nothing written.</summary>
    OtherOwner,

    /// <summary>The version is below the stored one: 409, the stored value kept.</summary>
    Regression,
}
