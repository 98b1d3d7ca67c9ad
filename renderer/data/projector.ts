import * as Y from 'yjs';
import { COLLECTIONS, collection, engagementMap, type Collection } from '#core/model/layout.ts';
import { readEngagement, readEntity, type EntityOf } from '#core/model/read.ts';
import { allQuestions } from '#core/schemas/template.ts';
import type { EngagementRow, FindingRow, GroundworkDb, RecommendationRow, VisitRow } from './db.ts';
import { changedComments, commentDoc, commentsMap, engagementContext, engagementDoc, findingDoc, placeChanged, recommendationDoc, searchKey, visitDoc, withPlace } from './search-docs.ts';
import { searchIndexOf, type SearchChange } from './search-index.ts';

const SEARCH_KIND = { visits: 'visit', findings: 'finding', recommendations: 'recommendation' } as const;

const OPEN_STATUSES = new Set(['draft', 'proposed', 'accepted', 'in-progress']);
type Dirty = Map<Collection, Set<string>>;

function isAnswered(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function visitRow(engagementId: string, v: EntityOf<'visits'>, photoCount: number): VisitRow {
  const questions = allQuestions(v.template).filter((q) => q.kind !== 'photo');
  return {
    id: v.id,
    engagementId,
    title: v.title,
    date: v.date,
    templateName: v.template.name,
    address: v.location.address,
    reviewState: v.review.state,
    createdBy: v.createdBy,
    reviewBy: v.review.by,
    reviewAt: v.review.at,
    reviewNote: v.review.note,
    answeredCount: questions.filter((q) => isAnswered(v.answers[q.id])).length,
    questionCount: questions.length,
    photoCount,
    attendeeCount: v.attendees.length,
    confidential: v.confidential,
    updatedAt: v.updatedAt,
    updatedBy: v.updatedBy,
  };
}

export function findingRow(engagementId: string, f: EntityOf<'findings'>): FindingRow {
  return {
    id: f.id,
    engagementId,
    title: f.title,
    kind: f.kind,
    focusArea: f.focusArea,
    severity: f.severity,
    visitId: f.visitId,
    reviewState: f.review.state,
    createdBy: f.createdBy,
    reviewBy: f.review.by,
    reviewAt: f.review.at,
    reviewNote: f.review.note,
    photoCount: f.photoIds.length,
    confidential: f.confidential,
    updatedAt: f.updatedAt,
    updatedBy: f.updatedBy,
  };
}

export function recommendationRow(engagementId: string, r: EntityOf<'recommendations'>): RecommendationRow {
  const last = r.progress.reduce<string | undefined>((acc, p) => (!acc || p.date > acc ? p.date : acc), undefined);
  return {
    id: r.id,
    engagementId,
    number: r.number,
    title: r.title,
    status: r.status,
    priority: r.priority,
    focusArea: r.focusArea,
    owner: r.owner,
    timeframe: r.timeframe,
    dueDate: r.dueDate,
    findingCount: r.findingIds.length,
    visitCount: r.visitIds.length,
    progressCount: r.progress.length,
    lastProgressAt: last,
    reviewState: r.review.state,
    createdBy: r.createdBy,
    reviewBy: r.review.by,
    reviewAt: r.review.at,
    reviewNote: r.review.note,
    confidential: r.confidential,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

/** Which entities a transaction touched: a root collection's own keys, or the entity above a nested change. */
export function changedEntities(doc: Y.Doc, tr: Y.Transaction): { dirty: Dirty; engagement: boolean; structural: boolean } {
  const roots = new Map<object, Collection>(COLLECTIONS.map((c) => [collection(doc, c), c]));
  const eng: object = engagementMap(doc);
  const dirty: Dirty = new Map();
  let engagement = false;
  let structural = false;
  const mark = (c: Collection, id: string) => {
    let set = dirty.get(c);
    if (!set) dirty.set(c, (set = new Set()));
    set.add(id);
  };
  for (const [type, keys] of tr.changed) {
    const rootName = roots.get(type);
    if (rootName) {
      for (const k of keys) if (k !== null) mark(rootName, k);
      structural = true;
      continue;
    }
    let t: { _item: Y.Item | null } = type;
    while (t._item) {
      const parent = t._item.parent as unknown as { _item: Y.Item | null };
      const name = roots.get(parent);
      if (name) {
        if (t._item.parentSub) mark(name, t._item.parentSub);
        break;
      }
      t = parent;
    }
    if (t === eng || type === eng) engagement = true;
  }
  return { dirty, engagement, structural };
}

/**
 * Keeps the Dexie index tables equal to what one engagement's Y.Doc says. It listens to every transaction
 * (local, remote, undo), batches the touched entities for a moment, and rewrites only their rows plus the
 * engagement's summary row. `rebuild()` recomputes everything from the doc.
 */
export class Projector {
  private readonly db: GroundworkDb;
  private readonly doc: Y.Doc;
  readonly engagementId: string;
  private dirty: Dirty = new Map();
  /** Review comments (root map "comments") touched since the last batch: search documents only. */
  private dirtyComments = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly delayMs: number;
  /** The engagement summary iterates every item: recompute it when counts or statuses can have changed, and
   * otherwise (someone typing) at most every few seconds, for "last activity". */
  private summaryDue = true;
  private summaryWrittenAt = 0;
  private static readonly SUMMARY_EVERY_MS = 3000;

  constructor(db: GroundworkDb, engagementId: string, doc: Y.Doc, delayMs = 30) {
    this.db = db;
    this.doc = doc;
    this.engagementId = engagementId;
    this.delayMs = delayMs;
    doc.on('afterTransaction', this.onTransaction);
  }

  private onTransaction = (tr: Y.Transaction) => {
    const { dirty, engagement, structural } = changedEntities(this.doc, tr);
    if (!tr.changed.size) return;
    for (const id of changedComments(this.doc, tr)) this.dirtyComments.add(id);
    if (structural || engagement || dirty.has('recommendations')) this.summaryDue = true;
    for (const [c, ids] of dirty) {
      let set = this.dirty.get(c);
      if (!set) this.dirty.set(c, (set = new Set()));
      for (const id of ids) set.add(id);
    }
    this.schedule();
  };

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNext();
    }, this.delayMs);
  }

  private runNext(): Promise<void> {
    const batch = this.dirty;
    this.dirty = new Map();
    const comments = this.dirtyComments;
    this.dirtyComments = new Set();
    this.running = this.running.then(() => this.apply(batch, comments)).catch((err) => console.error('Projector failed', err));
    return this.running;
  }

  private summaryTimer: ReturnType<typeof setTimeout> | null = null;

  /** Make sure a throttled summary (last activity) is written a little later even if typing stops. */
  private scheduleSummary() {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      this.summaryDue = true;
      void this.runNext();
    }, Projector.SUMMARY_EVERY_MS);
  }

  /** Resolves when every change seen so far is in the index (the summary row included). */
  async flush(): Promise<void> {
    if (this.summaryTimer) {
      clearTimeout(this.summaryTimer);
      this.summaryTimer = null;
      this.summaryDue = true;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.dirty.size || this.summaryDue || this.dirtyComments.size) await this.runNext();
    await this.running;
  }

  private async apply(batch: Dirty, comments: ReadonlySet<string> = new Set()): Promise<void> {
    const { db, doc, engagementId } = this;
    // Search documents (renderer/data/search-index.ts) change with their rows: stored for the next startup, and
    // handed to the live index once the rows are written.
    const search: SearchChange[] = [];
    const place = engagementContext(doc);
    const puts = { visits: [] as VisitRow[], findings: [] as FindingRow[], recommendations: [] as RecommendationRow[] };
    const deletes = { visits: [] as string[], findings: [] as string[], recommendations: [] as string[] };
    const quarantinePuts: { key: string; engagementId: string; collection: string; entityId: string; problems: string[] }[] = [];
    const quarantineDeletes: string[] = [];
    // A photo added or removed changes its visit's row too.
    if (batch.has('attachments')) {
      const visits = batch.get('visits') ?? new Set<string>();
      for (const id of batch.get('attachments')!) {
        const v = collection(doc, 'attachments').get(id)?.get('visitId');
        if (typeof v === 'string') visits.add(v);
      }
      if (visits.size) batch.set('visits', visits);
    }
    const counts = batch.has('visits') ? this.photoCountsByVisit() : new Map<string, number>();
    for (const [name, ids] of batch) {
      for (const id of ids) {
        const qkey = `${engagementId}:${name}:${id}`;
        const r = readEntity(doc, name, id);
        if (!r || !r.ok) {
          if (name !== 'attachments') deletes[name].push(id);
          if (name !== 'attachments') search.push({ op: 'delete', key: searchKey(SEARCH_KIND[name], id, engagementId) });
          if (r && !r.ok) quarantinePuts.push({ key: qkey, engagementId, collection: name, entityId: id, problems: r.problems });
          else quarantineDeletes.push(qkey);
          continue;
        }
        quarantineDeletes.push(qkey);
        if (name === 'visits') puts.visits.push(visitRow(engagementId, r.value as EntityOf<'visits'>, counts.get(id) ?? 0));
        else if (name === 'findings') puts.findings.push(findingRow(engagementId, r.value as EntityOf<'findings'>));
        else if (name === 'recommendations') puts.recommendations.push(recommendationRow(engagementId, r.value as EntityOf<'recommendations'>));
        if (name === 'visits') search.push({ op: 'put', doc: visitDoc(engagementId, place, r.value as EntityOf<'visits'>) });
        else if (name === 'findings') search.push({ op: 'put', doc: findingDoc(engagementId, place, r.value as EntityOf<'findings'>) });
        else if (name === 'recommendations') search.push({ op: 'put', doc: recommendationDoc(engagementId, place, r.value as EntityOf<'recommendations'>) });
      }
    }
    for (const id of comments) {
      const d = commentDoc(engagementId, place, id, commentsMap(doc).get(id));
      search.push(d ? { op: 'put', doc: d } : { op: 'delete', key: searchKey('comment', id, engagementId) });
    }
    const now = Date.now();
    const summary = this.summaryDue || quarantinePuts.length || now - this.summaryWrittenAt > Projector.SUMMARY_EVERY_MS ? this.engagementRow() : null;
    if (summary) {
      this.summaryDue = false;
      this.summaryWrittenAt = now;
    } else if (batch.size) this.scheduleSummary();
    if (summary) {
      const e = readEngagement(doc);
      if (e.ok) search.push({ op: 'put', doc: engagementDoc(e.value) });
      // A renamed city (or changed focus areas) shows in every child's search document: re-project those too.
      const prev = await db.searchDocs.get(searchKey('engagement', engagementId, engagementId));
      if (e.ok && placeChanged(prev, place)) {
        const touched = new Set(search.map((c) => (c.op === 'put' ? c.doc.key : c.key)));
        const children = await db.searchDocs.where('engagementId').equals(engagementId).filter((d) => d.kind !== 'engagement' && !touched.has(d.key)).toArray();
        const readVisit = (id: string) => {
          const r = readEntity(doc, 'visits', id);
          return r?.ok ? (r.value as EntityOf<'visits'>) : null;
        };
        for (const d of withPlace(doc, engagementId, place, children, readVisit)) search.push({ op: 'put', doc: d });
      }
    }
    const searchPuts = search.flatMap((c) => (c.op === 'put' ? [c.doc] : []));
    const searchDeletes = search.flatMap((c) => (c.op === 'delete' ? [c.key] : []));
    await db.transaction('rw', [db.engagements, db.visits, db.findings, db.recommendations, db.quarantine, db.searchDocs], async () => {
      await Promise.all([
        puts.visits.length && db.visits.bulkPut(puts.visits),
        puts.findings.length && db.findings.bulkPut(puts.findings),
        puts.recommendations.length && db.recommendations.bulkPut(puts.recommendations),
        deletes.visits.length && db.visits.bulkDelete(deletes.visits),
        deletes.findings.length && db.findings.bulkDelete(deletes.findings),
        deletes.recommendations.length && db.recommendations.bulkDelete(deletes.recommendations),
        quarantineDeletes.length && db.quarantine.bulkDelete(quarantineDeletes),
        searchPuts.length && db.searchDocs.bulkPut(searchPuts),
        searchDeletes.length && db.searchDocs.bulkDelete(searchDeletes),
      ]);
      if (quarantinePuts.length) await db.quarantine.bulkPut(quarantinePuts);
      if (summary) {
        const quarantinedCount = await db.quarantine.where('engagementId').equals(engagementId).count();
        await db.engagements.put({ ...summary, quarantinedCount });
      }
    });
    searchIndexOf(db)?.apply(search);
  }

  private photoCountsByVisit(): Map<string, number> {
    const counts = new Map<string, number>();
    collection(this.doc, 'attachments').forEach((m) => {
      const v = m.get('visitId');
      if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
    });
    return counts;
  }

  /** Counts come straight from the doc's maps (no full parse), so this stays cheap at 3,000+ items. */
  engagementRow(): Omit<EngagementRow, 'quarantinedCount'> | null {
    const e = readEngagement(this.doc);
    if (!e.ok) return null;
    const recs = collection(this.doc, 'recommendations');
    let open = 0;
    let last = e.value.updatedAt;
    recs.forEach((m) => {
      if (OPEN_STATUSES.has(String(m.get('status')))) open++;
      const u = m.get('updatedAt');
      if (typeof u === 'string' && u > last) last = u;
    });
    for (const c of ['visits', 'findings'] as const)
      collection(this.doc, c).forEach((m) => {
        const u = m.get('updatedAt');
        if (typeof u === 'string' && u > last) last = u;
      });
    const v = e.value;
    return {
      id: v.id,
      city: v.city,
      state: v.state,
      kind: v.kind,
      intensity: v.intensity,
      status: v.status,
      focusAreas: v.focusAreas,
      startDate: v.startDate,
      endDate: v.endDate,
      sponsor: v.sponsor,
      visitCount: collection(this.doc, 'visits').size,
      findingCount: collection(this.doc, 'findings').size,
      recommendationCount: recs.size,
      openRecommendationCount: open,
      lastActivity: last,
      lat: v.lat,
      lng: v.lng,
      indicators: v.indicators.map((i) => ({ id: i.id, name: i.name, value: i.value, unit: i.unit })),
      team: v.team.map((p) => ({ id: p.id, name: p.name, role: p.role })),
    };
  }

  /** Recompute every row of this engagement from the doc (after import, or when the index is missing). */
  async rebuild(): Promise<void> {
    const { db, engagementId } = this;
    await db.transaction('rw', [db.visits, db.findings, db.recommendations, db.quarantine, db.searchDocs], async () => {
      await Promise.all([
        db.searchDocs.where('engagementId').equals(engagementId).delete(),
        db.visits.where('engagementId').equals(engagementId).delete(),
        db.findings.where('engagementId').equals(engagementId).delete(),
        db.recommendations.where('engagementId').equals(engagementId).delete(),
        db.quarantine.where('engagementId').equals(engagementId).delete(),
      ]);
    });
    const all: Dirty = new Map(COLLECTIONS.map((c) => [c, new Set(collection(this.doc, c).keys())]));
    this.summaryDue = true;
    searchIndexOf(db)?.removeEngagement(engagementId);
    await this.apply(all, new Set(commentsMap(this.doc).keys()));
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.timer) clearTimeout(this.timer);
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
  }
}
