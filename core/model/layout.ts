import * as Y from 'yjs';

/**
 * The shape of one engagement's Y.Doc. Each collection is a root Y.Map keyed by stable id; each
 * entity is a Y.Map of plain fields, with Y.Text for prose that several people edit together.
 */
export const SCHEMA_VERSION = 2;

export const COLLECTIONS = ['visits', 'findings', 'recommendations', 'attachments'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Fields kept as Y.Text so concurrent typing merges character by character. */
export const TEXT_FIELDS = {
  engagement: ['summary'],
  visits: ['observations'],
  findings: ['description', 'interviewNotes', 'internalNotes'],
  recommendations: ['rationale', 'internalNotes'],
  attachments: [],
} as const;

export type EntityMap = Y.Map<unknown>;

export const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const engagementMap = (doc: Y.Doc) => doc.getMap<unknown>('engagement');
export const collection = (doc: Y.Doc, name: Collection) => doc.getMap<EntityMap>(name);
/** Review (#5): per-item change log, `${collection}:${id}` (or 'engagement') → Y.Array of plain entries (core/review). */
export const fieldLogMap = (doc: Y.Doc) => doc.getMap<Y.Array<unknown>>('fieldLog');
/** Review (#5): comment threads, comment id → plain comment object (core/review/comments.ts). */
export const commentsMap = (doc: Y.Doc) => doc.getMap<unknown>('comments');

/** Origin of every transaction made on this device; UndoManager tracks only this. */
export const LOCAL_ORIGIN = { name: 'groundwork-local' } as const;
