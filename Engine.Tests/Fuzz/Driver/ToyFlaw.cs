namespace Engine.Tests.Fuzz.Driver;

/// <summary>What is wrong with a <see cref="ToyTarget"/>.</summary>
internal enum ToyFlaw
{
    NullReference,
    TrustsLength,
    Hangs,
}
