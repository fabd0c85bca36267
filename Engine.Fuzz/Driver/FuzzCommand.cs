using System.Globalization;

namespace Engine.Fuzz.Driver;

/// <summary>Carries out a parsed <see cref="FuzzCommandLine"/>, printing to a writer; returns the exit code.</summary>
/// <remarks>Stateless; each call is independent.</remarks>
internal static class FuzzCommand
{
    public const int Passed = 0;
    public const int FailureFound = 1;
    public const int BadArguments = 2;

    public static int Execute(FuzzCommandLine command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        if (command.List)
        {
            foreach (IFuzzTarget target in FuzzTargets.All())
            {
                output.WriteLine($"{target.Name,-14} {target.Description}");
            }

            return Passed;
        }

        if (command.MakeCorpus)
        {
            return MakeCorpus(command, output);
        }

        if (command.Metamorphic || command.MetamorphicReplay is not null)
        {
            return MetamorphicCommand.Execute(command, output);
        }

        IFuzzTarget? found = FuzzTargets.Find(command.Target!);
        if (found is null)
        {
            output.WriteLine($"unknown target '{command.Target}'; --list names them");
            return BadArguments;
        }

        string findings = command.Out ?? CorpusStore.DefaultFindingsDirectory;
        FuzzReport report;
        if (command.Input is string inputPath)
        {
            byte[] input = File.ReadAllBytes(inputPath);
            report = new FuzzRunner(found, new FuzzOptions { MaxIterations = 1 }).Replay(input);
            output.WriteLine($"target {found.Name}: replayed {inputPath} ({input.Length} bytes)");
        }
        else
        {
            int seed = command.Seed ?? Random.Shared.Next();
            string corpusDirectory = command.Corpus ?? Path.Combine(CorpusStore.DefaultCorpusRoot, found.Name);
            IReadOnlyList<byte[]> corpus = CorpusStore.Load(corpusDirectory, found);
            FuzzOptions options = new()
            {
                Seed = seed,
                Duration = command.Seconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                MaxIterations = command.Iterations,
            };
            output.WriteLine($"target {found.Name}: seed {seed} (replay the run with --seed {seed}), corpus {corpus.Count} inputs from {corpusDirectory}");
            report = new FuzzRunner(found, options).Fuzz(corpus);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"target {found.Name}: {report.Iterations} iterations in {report.Elapsed.TotalSeconds:0.0} s ({report.Rate:0}/s)"));
        }

        if (report.Failure is not FuzzFailure failure)
        {
            output.WriteLine($"target {found.Name}: no failure");
            return Passed;
        }

        string path = CorpusStore.WriteFinding(findings, found.Name, failure);
        output.WriteLine($"target {found.Name}: FAILURE");
        output.Write(CorpusStore.Describe(found.Name, failure));
        output.WriteLine($"written to {path}; replay with: Engine.Fuzz --target {found.Name} --input {path}");
        return FailureFound;
    }

    private static int MakeCorpus(FuzzCommandLine command, TextWriter output)
    {
        string root = command.Corpus ?? Path.Combine("Engine.Fuzz", "Corpus");
        foreach (IFuzzTarget target in FuzzTargets.All())
        {
            if (command.Target is null || string.Equals(command.Target, target.Name, StringComparison.OrdinalIgnoreCase))
            {
                string directory = Path.Combine(root, target.Name);
                int count = CorpusStore.WriteSeeds(directory, target);
                output.WriteLine($"target {target.Name}: {count} seeds written to {directory}");
            }
        }

        return Passed;
    }
}
