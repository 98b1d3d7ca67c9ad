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
}

export interface VisitRow {
  id: string;
  engagementId: string;
  title: string;
  date: string;
  templateName: string;
  address: string;
  reviewState: ReviewState;
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
  return db;
}

/** Index tables the projector owns: safe to clear and rebuild from the documents at any time. */
export const INDEX_TABLES = ['engagements', 'visits', 'findings', 'recommendations', 'quarantine'] as const;
