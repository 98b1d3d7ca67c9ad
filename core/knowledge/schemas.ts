import { z } from 'zod';
import { Sha256 } from '../schemas/attachment.ts';
import { FocusArea, Id, IsoDate, IsoDateTime, Stamp } from '../schemas/common.ts';
import { US_STATE } from '../schemas/engagement.ts';
import type { PersonRole } from '../schemas/person.ts';

/**
 * The network's knowledge (issue 7): 311 requests from city officials and the resource library. Both live in
 * one programme-wide Y.Doc, "network" (see network-layout.ts), so they sync like engagements do.
 */

// ——— 311 requests ———

export const REQUEST_STATUSES = ['new', 'triaged', 'assigned', 'answered', 'published'] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  assigned: 'Assigned',
  answered: 'Answered',
  published: 'Published',
};

export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

/** The answer memo's sections, in the order the memo reads. */
export const MEMO_SECTIONS = ['caseStudies', 'bestPractices', 'financing', 'considerations'] as const;
export type MemoSection = (typeof MEMO_SECTIONS)[number];
export const MEMO_SECTION_LABELS: Record<MemoSection, string> = {
  caseStudies: 'Case studies',
  bestPractices: 'Best practices',
  financing: 'Financing models',
  considerations: 'Key considerations',
};

export const Official = z.object({
  name: z.string().trim().min(1, 'is required').max(160),
  title: z.string().trim().max(160).optional(),
  email: z.string().email('must be an email address').optional(),
});
export type Official = z.infer<typeof Official>;

export const Memo = z.object({
  caseStudies: z.string().max(50000).default(''),
  bestPractices: z.string().max(50000).default(''),
  financing: z.string().max(50000).default(''),
  considerations: z.string().max(50000).default(''),
});
export type Memo = z.infer<typeof Memo>;

/** One status move, kept so the inbox can say who triaged, assigned and published, and when. */
export const RequestEvent = z.object({
  from: RequestStatus,
  to: RequestStatus,
  by: z.string().min(1),
  at: IsoDateTime,
});
export type RequestEvent = z.infer<typeof RequestEvent>;

export const Request = Stamp.extend({
  id: Id,
  city: z.string().trim().min(1, 'is required').max(120),
  state: z.string().regex(US_STATE, 'must be a two-letter state code such as MA'),
  official: Official,
  focusArea: FocusArea,
  topic: z.string().trim().min(1, 'is required').max(200),
  question: z.string().trim().min(1, 'is required').max(20000),
  urgency: Urgency.default('normal'),
  status: RequestStatus.default('new'),
  /** Person id of the expert who answers. */
  assignee: z.string().min(1).optional(),
  due: IsoDate.optional(),
  /** The engagement the request came from, when the city has one. */
  engagementId: Id.optional(),
  memo: Memo.default({ caseStudies: '', bestPractices: '', financing: '', considerations: '' }),
  /** Library items the answer builds on. */
  libraryIds: z.array(Id).default([]),
  /** The library item publishing made. */
  publishedItemId: Id.optional(),
  history: z.array(RequestEvent).default([]),
});
export type Request = z.infer<typeof Request>;

/** Fields given when a request is logged; the status always starts at "new". */
export type NewRequest = Omit<z.input<typeof Request>, 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'id' | 'status' | 'history' | 'publishedItemId'> & { id?: string };

// ——— status flow ———

/** Allowed moves and who may make them. Forward one step at a time; a lead may send a request one step back. */
export const REQUEST_TRANSITIONS: Record<RequestStatus, Partial<Record<RequestStatus, readonly PersonRole[]>>> = {
  new: { triaged: ['lead'] },
  triaged: { assigned: ['lead'], new: ['lead'] },
  assigned: { answered: ['lead', 'expert'], triaged: ['lead'] },
  answered: { published: ['lead'], assigned: ['lead'] },
  published: {},
};

export function canMoveRequest(from: RequestStatus, to: RequestStatus, role: PersonRole): boolean {
  return Boolean(REQUEST_TRANSITIONS[from][to]?.includes(role));
}

/**
 * Why a move is not possible right now, in a sentence for the UI (null when it is): the role rule, plus what the
 * request must have — an assigned expert before "assigned", an answer memo before "answered".
 */
export function requestMoveProblem(request: Pick<Request, 'status' | 'assignee' | 'memo'>, to: RequestStatus, role: PersonRole): string | null {
  const from = request.status;
  if (from === to) return `The request is already ${REQUEST_STATUS_LABELS[to].toLowerCase()}.`;
  const roles = REQUEST_TRANSITIONS[from][to];
  if (!roles) {
    if (from === 'published') return 'A published request is final: its answer is in the library.';
    return `A request cannot go from ${REQUEST_STATUS_LABELS[from].toLowerCase()} straight to ${REQUEST_STATUS_LABELS[to].toLowerCase()}.`;
  }
  if (!roles.includes(role)) return role === 'viewer' ? 'Viewers cannot change requests.' : `Only a programme lead can move a request from ${REQUEST_STATUS_LABELS[from].toLowerCase()} to ${REQUEST_STATUS_LABELS[to].toLowerCase()}.`;
  if (to === 'assigned' && !request.assignee) return 'Choose the expert who will answer before assigning the request.';
  if ((to === 'answered' || to === 'published') && !MEMO_SECTIONS.some((s) => request.memo[s].trim())) return 'Write the answer memo before marking the request answered.';
  return null;
}

// ——— resource library ———

export const LIBRARY_KINDS = ['guide', 'case-study', 'memo', 'template', 'dataset', 'link'] as const;
export const LibraryKind = z.enum(LIBRARY_KINDS, { message: `must be one of: ${LIBRARY_KINDS.join(', ')}` });
export type LibraryKind = z.infer<typeof LibraryKind>;
export const LIBRARY_KIND_LABELS: Record<LibraryKind, string> = {
  guide: 'Guide',
  'case-study': 'Case study',
  memo: 'Memo',
  template: 'Template',
  dataset: 'Dataset',
  link: 'Link',
};

/** An attached file: metadata here, bytes content-addressed in the blob store like photos. */
export const LibraryFile = z.object({
  sha256: Sha256,
  name: z.string().trim().min(1, 'is required').max(255),
  mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'must be a media type such as application/pdf'),
  size: z.number().int().nonnegative(),
  /** Who attached it and when (optional: files listed by an import or before attachments had a UI carry neither). */
  addedBy: z.string().min(1).max(120).optional(),
  addedAt: IsoDateTime.optional(),
});
export type LibraryFile = z.infer<typeof LibraryFile>;

/**
 * The largest file a library item takes: the relay's default blob limit (sync-server/limits.ts, 50 MB), so a file
 * accepted here is never one the relay will refuse to pass on.
 */
export const MAX_LIBRARY_FILE_BYTES = 50 * 1024 * 1024;
/** An item lists at most this many files: the list is read whole on every render and in the search document. */
export const MAX_LIBRARY_FILES = 50;

export const Tag = z.string().trim().min(1, 'must not be empty').max(40);

const LibraryItemShape = Stamp.extend({
  id: Id,
  kind: LibraryKind,
  title: z.string().trim().min(1, 'is required').max(240),
  author: z.string().trim().min(1, 'is required').max(160),
  date: IsoDate,
  focusAreas: z.array(FocusArea).default([]),
  tags: z.array(Tag).max(30).default([]),
  summary: z.string().max(2000).default(''),
  body: z.string().max(200000).default(''),
  url: z.string().url('must be a web address such as https://example.org').optional(),
  files: z.array(LibraryFile).max(MAX_LIBRARY_FILES).default([]),
  featured: z.boolean().default(false),
  archived: z.boolean().default(false),
  /** The 311 request whose answer this memo is. */
  sourceRequestId: Id.optional(),
});

const linkNeedsUrl = (i: { kind: string; url?: string }) => i.kind !== 'link' || Boolean(i.url);
const LINK_MESSAGE = { message: 'is required for a link', path: ['url'] };

export const LibraryItem = LibraryItemShape.refine(linkNeedsUrl, LINK_MESSAGE);
export type LibraryItem = z.infer<typeof LibraryItem>;

/** A library item as imported or typed: no stamps, id optional. */
export const LibraryItemInput = LibraryItemShape.omit({ createdAt: true, createdBy: true, updatedAt: true, updatedBy: true })
  .extend({ id: Id.optional() })
  .refine(linkNeedsUrl, LINK_MESSAGE);
export type LibraryItemInput = z.input<typeof LibraryItemInput>;
export type LibraryItemParsed = z.output<typeof LibraryItemInput>;
