using System.Globalization;

namespace Engine.Bench.Gateway;

/// <summary>The gateway benchmark's flags (<c>Engine.Bench gateway --help</c>).</summary>
internal sealed record GatewaySettings
{
    public const string Usage = """
        usage: Engine.Bench gateway [--stores embedded,embedded-flushed,sqlite,postgres] [--devices 1,4,16]
                                    [--ops N] [--batch B] [--payload BYTES] [--rounds R] [--postgres CONNSTRING]
                                    [--json-out FILE]

        Push and pull throughput of the sync gateway over HTTP on loopback (Kestrel on 127.0.0.1, a port picked by the
        system), one store at a time behind the same SyncGateway and routes. Each of D devices (one HttpClient each, one
        user, one workspace) pushes N/D ops in batches of B put ops (messages of about BYTES bytes of JSON), measuring
        every request; then each device pulls the whole log from cursor 0 with limit 100. Prints one JSON line per store,
        device count, phase and round, then a table of medians.

        stores: embedded (our engine; every push synced), embedded-flushed (every push handed to the OS, not synced:
                the durability of SQLite's WAL with synchronous=NORMAL), sqlite (the reference's schema and
                transactions, WAL, synchronous=NORMAL), postgres (needs --postgres or ENGINE_TEST_POSTGRES; a fresh
                database per run).
        defaults: --stores embedded,embedded-flushed,sqlite --devices 1,4,16 --ops 20000 --batch 10 --payload 256
                  --rounds 3
        """;

    public IReadOnlyList<string> Stores { get; init; } = ["embedded", "embedded-flushed", "sqlite"];

    public IReadOnlyList<int> Devices { get; init; } = [1, 4, 16];

    public int Ops { get; init; } = 20_000;

    public int Batch { get; init; } = 10;

    public int PayloadBytes { get; init; } = 256;

    public int Rounds { get; init; } = 3;

    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("ENGINE_TEST_POSTGRES");

    public string? JsonOut { get; init; }

    public static GatewaySettings Parse(string[] args)
    {
        GatewaySettings settings = new();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--stores" => settings with { Stores = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--devices" => settings with { Devices = [.. value.Split(',').Select(Positive)] },
                "--ops" => settings with { Ops = Positive(value) },
                "--batch" => settings with { Batch = Positive(value) },
                "--payload" => settings with { PayloadBytes = Positive(value) },
                "--rounds" => settings with { Rounds = Positive(value) },
                "--postgres" => settings with { Postgres = value },
                "--json-out" => settings with { JsonOut = value },
                _ => throw new ArgumentException($"Unknown flag '{args[i]}'.\n{Usage}"),
            };
            i++;
        }

        foreach (string store in settings.Stores)
        {
            if (store is not ("embedded" or "embedded-flushed" or "sqlite" or "postgres"))
            {
                throw new ArgumentException($"Unknown store '{store}'.\n{Usage}");
            }
        }

        return settings;
    }

    private static int Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"'{text}' is not a positive integer.");
}
