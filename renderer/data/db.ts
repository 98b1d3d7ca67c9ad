import Dexie, { type EntityTable } from 'dexie';
import type { FocusArea, Priority, RecommendationStatus, ReviewState } from '#core/schemas/index.ts';

/** One Yjs update as stored: the append-only local log of a document, compacted on load. */
export interface UpdateRow {
  seq?: number;
  docId: string;
  update: Uint8Array;
}

/** Derived rows (written only by the projector; UI code only reads them). */
export interface EngagementRow {
  id: string;
  city: string;
  state: string;
  kind: string;
  intensity: string;
  status: string;
  focusAreas: FocusArea[];
  startDate: string;
  endDate?: string;
  sponsor: string;
  visitCount: number;
  findingCount: number;
  recommendationCount: number;
  openRecommendationCount: number;
  lastActivity: string;
  quarantinedCount: number;
  /** For peer cities (core/knowledge/peers.ts): where the city is and its headline indicators. */
  lat?: number;
  lng?: number;
  indicators?: { id: string; name: string; value: number; unit: string }[];
  /** The engagement's team (programme people for assigning 311 requests, names of who attached a file). */
  team?: { id: string; name: string; role: string }[];
}

export interface VisitRow {
  id: string;
  engagementId: string;
  title: string;
  date: string;
  templateName: string;
  address: string;
  reviewState: ReviewState;
  /** Review (#5): who made the item, and the last review action (who, when, the lead's note). */
  createdBy?: string;
  reviewBy?: string;
  reviewAt?: string;
  reviewNote?: string;
  answeredCount: number;
  questionCount: number;
  photoCount: number;
  attendeeCount: number;
  confidential: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface FindingRow {
  id: string;
  engagementId: string;
  title: string;
  kind: 'need' | 'strength';
  focusArea: FocusArea;
  severity: string;
  visitId?: string;
  reviewState: ReviewState;
  /** Review (#5): who made the item, and the last review action (who, when, the lead's note). */
  createdBy?: string;
  reviewBy?: string;
  reviewAt?: string;
  reviewNote?: string;
  photoCount: number;
  confidential: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface RecommendationRow {
  id: string;
  engagementId: string;
  number: number;
  title: string;
  status: RecommendationStatus;
  priority: Priority;
  focusArea: FocusArea;
  owner: string;
  timeframe: string;
  dueDate?: string;
  findingCount: number;
  visitCount: number;
  progressCount: number;
  lastProgressAt?: string;
  reviewState: ReviewState;
  /** Review (#5): who made the item, and the last review action (who, when, the lead's note). */
  createdBy?: string;
  reviewBy?: string;
  reviewAt?: string;
  reviewNote?: string;
  confidential: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface QuarantineRow {
  key: string;
  engagementId: string;
  collection: string;
  entityId: string;
  problems: string[];
}

export interface BlobRow {
  sha256: string;
  blob: Blob;
  mime: string;
  size: number;
  createdAt: string;
}

/** Downscaled copies for display: photos from a phone are 4–12 MB; lists show 320 px thumbnails. */
export interface ThumbRow {
  key: string; // `${sha256}:${variant}`
  sha256: string;
  variant: 'thumb' | 'display';
  blob: Blob;
  width: number;
  height: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/** A 311 request as listed in the inbox (projected from the network doc by renderer/data/network.ts). */
export interface RequestRow {
  id: string;
  city: string;
  state: string;
  officialName: string;
  focusArea: FocusArea;
  topic: string;
  urgency: string;
  status: string;
  assignee?: string;
  due?: string;
  engagementId?: string;
  libraryCount: number;
  publishedItemId?: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A resource library item as listed (projected from the network doc). */
export interface LibraryRow {
  id: string;
  kind: string;
  title: string;
  author: string;
  date: string;
  focusAreas: FocusArea[];
  tags: string[];
  summary: string;
  featured: boolean;
  archived: boolean;
  fileCount: number;
  sourceRequestId?: string;
  updatedAt: string;
}

/**
 * One searchable item of an engagement (the engagement itself, a visit, finding, recommendation or comment), written
 * by the projector next to its row so the search index can be built at startup without opening every engagement doc.
 */
export interface SearchDocRow {
  key: string; // `${kind}:${engagementId}:${id}`
  kind: string;
  id: string;
  engagementId?: string;
  title: string;
  text: string;
  city: string;
  focusAreas: string[];
  status: string;
  author: string;
  date: string;
  tags: string;
  /** Comments: what they are about, `${collection}:${id}`, so a result opens the commented item. */
  target?: string;
}

export type GroundworkDb = Dexie & {
  updates: EntityTable<UpdateRow, 'seq'>;
  engagements: EntityTable<EngagementRow, 'id'>;
  visits: EntityTable<VisitRow, 'id'>;
  findings: EntityTable<FindingRow, 'id'>;
  recommendations: EntityTable<RecommendationRow, 'id'>;
  quarantine: EntityTable<QuarantineRow, 'key'>;
  blobs: EntityTable<BlobRow, 'sha256'>;
  thumbs: EntityTable<ThumbRow, 'key'>;
  settings: EntityTable<SettingRow, 'key'>;
  requests: EntityTable<RequestRow, 'id'>;
  library: EntityTable<LibraryRow, 'id'>;
  searchDocs: EntityTable<SearchDocRow, 'key'>;
};

export function openDb(name = 'groundwork'): GroundworkDb {
  const db = new Dexie(name) as GroundworkDb;
  db.version(1).stores({
    updates: '++seq, docId',
    engagements: 'id, city, status, lastActivity',
    visits: 'id, engagementId, [engagementId+date]',
    findings: 'id, engagementId, visitId',
    recommendations: 'id, engagementId, [engagementId+number]',
    quarantine: 'key, engagementId',
    blobs: 'sha256',
    thumbs: 'key, sha256',
    settings: 'key',
  });
  // #7 knowledge: 311 requests and the library (from the network doc), and the searchable text of engagement items.
  db.version(3).stores({
    requests: 'id, status, city, focusArea, assignee, updatedAt',
    library: 'id, kind, date, *focusAreas, *tags',
    searchDocs: 'key, engagementId, kind',
  });
  return db;
}

/** Index tables the projector owns: safe to clear and rebuild from the documents at any time. */
export const INDEX_TABLES = ['engagements', 'visits', 'findings', 'recommendations', 'quarantine', 'searchDocs'] as const;
