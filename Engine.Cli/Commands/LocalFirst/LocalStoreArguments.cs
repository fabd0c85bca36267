using System;
using System.CommandLine;
using System.IO;
using Engine.Api.Encryption;
using Engine.Api.LocalFirst;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// The options every local-first verb takes: <c>--store</c> (required: a local-first store has no default folder, so a
/// typo cannot read or create the wrong one) and, for an encrypted store, <c>--key-file</c> with the passphrase from
/// <c>--passphrase-file</c> or <c>$ENGINE_PASSPHRASE</c>. Opens the store for one command.
/// </summary>
/// <remarks>
/// Reading verbs refuse a directory that is missing or holds no store (exit 3) rather than create one; writing verbs
/// create both. A store open elsewhere is <see cref="Engine.Api.DatabaseLockedException"/>, exit 5.
/// </remarks>
internal sealed class LocalStoreArguments
{
    public const string PassphraseVariable = "ENGINE_PASSPHRASE";

    private readonly Option<string> _store = new("--store", "-s") { Description = "The local-first store directory.", Required = true };
    private readonly Option<string?> _keyFile = new("--key-file") { Description = "The store's passphrase key file (encrypted stores only); created with a new store." };
    private readonly Option<string?> _passphraseFile = new("--passphrase-file") { Description = $"A file whose first line is the key file's passphrase (default: ${PassphraseVariable})." };

    /// <summary>A subcommand with the store options added.</summary>
    public Command NewCommand(string name, string description)
    {
        Command command = new(name, description) { _store, _keyFile, _passphraseFile };
        return command;
    }

    /// <summary>The store path the command line names.</summary>
    public string StorePath(ParseResult parse) => parse.GetValue(_store)!;

    /// <summary>
    /// Opens the store; <paramref name="create"/> makes a missing store (and key file) instead of failing with
    /// exit code 3.
    /// </summary>
    public LocalStore Open(ParseResult parse, bool create)
    {
        string path = StorePath(parse);
        bool exists = Directory.Exists(Path.Combine(path, "db"));
        if (!exists && !create)
        {
            throw new CliException(ExitCodes.NotFound, Directory.Exists(path) ? $"'{path}' holds no local-first store" : $"no local-first store at '{path}'");
        }

        if (File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"'{path}' is a file, not a store directory");
        }

        LocalStoreOptions options = LocalStoreOptions.Default;
        if (parse.GetValue(_keyFile) is { } keyFile)
        {
            options = options with { Encryption = new EncryptionOptions(OpenKeys(parse, keyFile, createIfMissing: !exists)) };
        }
        else if (parse.GetValue(_passphraseFile) is not null)
        {
            throw new CliException(ExitCodes.Usage, "--passphrase-file needs --key-file");
        }

        return LocalStore.Open(path, options);
    }

    private PassphraseKeyFile OpenKeys(ParseResult parse, string keyFile, bool createIfMissing)
    {
        string passphrase = Passphrase(parse);
        if (File.Exists(keyFile))
        {
            return PassphraseKeyFile.Open(keyFile, passphrase);
        }

        if (!createIfMissing)
        {
            throw new CliException(ExitCodes.NotFound, $"no key file at '{keyFile}'");
        }

        return PassphraseKeyFile.Create(keyFile, passphrase);
    }

    private string Passphrase(ParseResult parse)
    {
        string? text = parse.GetValue(_passphraseFile) is { } file
            ? FirstLine(file)
            : Environment.GetEnvironmentVariable(PassphraseVariable);
        if (string.IsNullOrEmpty(text))
        {
            throw new CliException(ExitCodes.Usage, $"--key-file needs a passphrase: --passphrase-file FILE or ${PassphraseVariable}");
        }

        return text;
    }

    private static string FirstLine(string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException(ExitCodes.NotFound, $"no passphrase file at '{file}'");
        }

        using StreamReader reader = new(file);
        return reader.ReadLine() ?? "";
    }
}
