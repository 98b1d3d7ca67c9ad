export * from './rules.ts';
export * from './comments.ts';
export * from './attribution.ts';
export * from './field-log.ts';
export * from './diff.ts';
export * from './dashboard.ts';
export { BURST_MS, THROTTLE_MS, logEntries, type LogEntry, type LogKind } from './log-store.ts';
export * from './relay-history.ts';
