namespace Engine.Core.Encoding;

/// <summary>
/// The kind of one tuple element, in cross-type sort order: a null sorts before any byte string, and so on
/// (see <see cref="TupleCodec"/>). Signed and unsigned integers are one kind, <see cref="Integer"/>.
/// </summary>
/// <remarks>A plain enum; thread-safe.</remarks>
internal enum TupleElementKind
{
    Null = 0,
    Bytes,
    String,
    Nested,
    Integer,
    Boolean,
}
