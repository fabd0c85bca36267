using System.CommandLine;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>What the <c>kv</c> verbs share: <c>--ns</c>, <c>--hex</c> and, for those about one key, the KEY argument.</summary>
internal sealed class KvKeyOptions
{
    private readonly Option<string> _namespace = new("--ns") { Description = "The namespace (default: the empty namespace).", DefaultValueFactory = _ => "" };
    private readonly Option<bool> _hex = new("--hex") { Description = "Keys and values are hex digits, and values are shown as hex." };
    private readonly Argument<string> _key = new("key") { Description = "The key (UTF-8 text, or hex with --hex)." };

    /// <summary>Adds the options, and the KEY argument when <paramref name="withKey"/> (before any later argument).</summary>
    public void AddTo(Command command, bool withKey)
    {
        command.Add(_namespace);
        command.Add(_hex);
        if (withKey)
        {
            command.Add(_key);
        }
    }

    public string Namespace(ParseResult parse) => parse.GetValue(_namespace)!;

    public bool Hex(ParseResult parse) => parse.GetValue(_hex);

    /// <summary>The KEY argument as bytes (hex digits with <c>--hex</c>).</summary>
    public byte[] Key(CommandContext context, ParseResult parse) => ByteText.Parse(context.Require(_key), Hex(parse), "key");
}
