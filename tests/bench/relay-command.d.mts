/** `node <these> sync-server/cli.ts …`: the node arguments package.json's "relay" script starts the relay with. */
export function relayNodeArgs(): string[];
