namespace Engine.Api.LocalFirst.Feed;

/// <summary>
/// A watcher read changes more slowly than they were committed, and the feed's bounded buffer and retained history
/// no longer hold the next change it needs. Nothing was skipped silently: the watch ends here, and the watcher
/// resumes from <see cref="ResumeFrom"/> if that is still at least <see cref="OldestAvailable"/>, or else reads the
/// current state again and watches from then on.
/// </summary>
public sealed class ChangeFeedFellBehindException : StorageException
{
    /// <summary>Creates the exception for a watcher that needs <paramref name="resumeFrom"/>.</summary>
    public ChangeFeedFellBehindException(ulong resumeFrom, ulong oldestAvailable)
        : base(
            StorageErrorCode.ResourceExhausted,
            $"the watcher fell behind: it needs change {resumeFrom}, and the oldest change still available is {oldestAvailable}")
    {
        ResumeFrom = resumeFrom;
        OldestAvailable = oldestAvailable;
    }

    /// <summary>The sequence number of the first change the watcher has not received.</summary>
    public ulong ResumeFrom { get; }

    /// <summary>The oldest sequence number the feed can still deliver when the exception is thrown.</summary>
    public ulong OldestAvailable { get; }

    /// <summary>Whether watching again from <see cref="ResumeFrom"/> can still succeed.</summary>
    public bool CanResume => ResumeFrom >= OldestAvailable;
}
