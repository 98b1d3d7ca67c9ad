export * from './schemas.ts';
export * from './network-model.ts';
export * from './import.ts';
export * from './peers.ts';
export { STARTER_LIBRARY, SAMPLE_REQUESTS, type SampleRequest } from './starter-library.ts';
