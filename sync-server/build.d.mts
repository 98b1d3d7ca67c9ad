/** Where buildRelay writes the relay's plain-JavaScript build. */
export const RELAY_BUILD: string;
/** Builds sync-server/cli.ts and what it imports from the project into RELAY_BUILD; returns that path. */
export function buildRelay(): string;
