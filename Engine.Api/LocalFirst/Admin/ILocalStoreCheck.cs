using System.Collections.Generic;
using System.Threading;

namespace Engine.Api.LocalFirst.Admin;

/// <summary>
/// A typed store's part of <see cref="LocalStore.VerifyAsync"/>: checks what the engine's checksums cannot see, such as
/// blob files against their content hashes, or document indexes against their documents.
/// </summary>
/// <remarks>
/// Typed stores list their checks in <c>LocalStore.Admin.cs</c> (<c>s_checks</c>). A check reports what it finds into
/// the list and throws only when it cannot run at all. Implementations are stateless and thread-safe.
/// </remarks>
internal interface ILocalStoreCheck
{
    /// <summary>The check's name, as reported in <see cref="LocalStoreProblem.Check"/>.</summary>
    string Name { get; }

    /// <summary>Checks <paramref name="store"/>, adding a problem per finding.</summary>
    void Check(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken);
}
