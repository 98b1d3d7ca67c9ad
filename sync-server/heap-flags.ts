/**
 * The relay is meant to run with V8's young generation capped at 8 MiB per semi-space (`npm run relay` and the
 * `groundwork-relay` bin pass `--max-semi-space-size=8`; why: sync-server/README.md "Memory", ADR 0013). V8 reads the
 * flag only when the process starts, so the relay cannot set it on itself; a process manager that calls `node`
 * directly gets V8's default and about twice the memory per idle connection. This says so at startup instead of
 * leaving an operator to find it in a memory graph.
 */

export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=8';

/** A warning sentence when neither the node arguments nor NODE_OPTIONS set the semi-space size, else null. */
export function youngGenerationAdvice(execArgv: readonly string[], nodeOptions = ''): string | null {
  const words = [...execArgv, ...nodeOptions.split(/\s+/)];
  // V8 accepts dashes or underscores, and the value as `=N` or as the next word.
  if (words.some((w) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(w))) return null;
  return `started without ${YOUNG_GENERATION_FLAG}: V8's default young generation roughly doubles memory per idle connection; start the relay with npm run relay or groundwork-relay, or pass the flag to node (NODE_OPTIONS works too)`;
}
