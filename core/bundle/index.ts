export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BundleFile, BundleManifest } from './manifest.ts';
export { engagementSnapshot, packBundle, referencedAttachments, type PackInput } from './pack.ts';
export { DEFAULT_BUNDLE_LIMITS, unpackBundle, type BundleLimits, type UnpackResult } from './unpack.ts';
