#!/usr/bin/env node
// `groundwork-relay` bin: runs the TypeScript relay through tsx's loader in this same process (so signals —
// SIGTERM for a clean flush — reach the relay directly, with no wrapper process in between).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
