using System;
using System.CommandLine;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Google.Protobuf;

namespace Engine.Cli.Commands.Get;

/// <summary>
/// <c>engine get resource-type ID | resource TYPE ID | entitlement ID | grant ID [--sync ID]</c>: one record as a table
/// of its fields, or its protobuf JSON; a record that is not there exits with 3.
/// </summary>
internal static class GetCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("get", "Show one record by id.");
        command.Subcommands.Add(One(console, "resource-type", "Show one resource type.", ["id"],
            (store, sync, ids) => store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = ids[0], SyncId = sync })));
        command.Subcommands.Add(One(console, "resource", "Show one resource.", ["type", "id"],
            (store, sync, ids) => store.GetResource(new GetResourceRequest { ResourceId = new ResourceId { ResourceType = ids[0], Resource = ids[1] }, SyncId = sync })));
        command.Subcommands.Add(One(console, "entitlement", "Show one entitlement.", ["id"],
            (store, sync, ids) => store.GetEntitlement(new GetEntitlementRequest { EntitlementId = ids[0], SyncId = sync })));
        command.Subcommands.Add(One(console, "grant", "Show one grant.", ["id"],
            (store, sync, ids) => store.GetGrant(new GetGrantRequest { GrantId = ids[0], SyncId = sync })));
        return command;
    }

    /// <summary>A subcommand taking <paramref name="argumentNames"/> and printing the record <paramref name="get"/> reads.</summary>
    private static Command One(CliConsole console, string name, string description, string[] argumentNames, Func<SyncStore, string?, string[], IMessage> get)
    {
        Option<string> store = StoreOption.Create();
        Option<string?> sync = CommonOptions.Sync("The sync to read (default: the store's default for the record, the latest finished sync).");
        Command command = new(name, description) { store, sync };
        Argument<string>[] arguments = Array.ConvertAll(argumentNames, argument => new Argument<string>(argument) { Description = $"The record's {argument}." });
        foreach (Argument<string> argument in arguments)
        {
            command.Arguments.Add(argument);
        }

        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            string[] ids = Array.ConvertAll(arguments, context.Require);
            using StoreHandle handle = StoreOpener.Open(parse.GetValue(store)!, StoreAccess.Read);
            IMessage record = get(handle.Store, parse.GetValue(sync), ids);
            if (context.Json)
            {
                JsonOutput.WriteMessage(context.Console.Out, record);
            }
            else
            {
                context.Console.Ansi.Write(FieldTable.From(JsonOutput.Format(record)));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
