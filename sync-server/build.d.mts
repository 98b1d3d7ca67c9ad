/** Where buildRelay writes the relay's plain-JavaScript build by default. */
export const RELAY_BUILD: string;
/** Builds sync-server/cli.ts (or `entry`) and the project code it imports into RELAY_BUILD (or `outfile`); returns
 * that path. Throws esbuild's error, naming file, line and column, when the source does not compile. */
export function buildRelay(options?: { entry?: string; outfile?: string }): string;
