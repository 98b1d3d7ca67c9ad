export { buildSampleProgramme, SAMPLE_DEFAULT_TODAY } from './build.ts';
export type { Authored, SampleEngagement, SampleFinding, SampleOptions, SamplePhoto, SampleProgramme, SampleRecommendation, SampleVisit } from './build.ts';
export { writeSampleEngagement, type PhotoMeta } from './write.ts';
export { PICTURE_KINDS, type PictureKind } from './svg.ts';
export { createRng, type Rng } from './prng.ts';
