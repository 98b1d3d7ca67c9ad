import * as Y from 'yjs';
import { engagementMap } from '#core/model/layout.ts';
import { toPlain } from '#core/model/plain.ts';
import type { EntityOf } from '#core/model/read.ts';
import type { LibraryItem, Request } from '#core/knowledge/schemas.ts';
import type { Engagement } from '#core/schemas/index.ts';
import type { SearchDocRow } from './db.ts';

/**
 * What the search index holds for each kind of item: one flat document per item (title, text, and the fields the
 * filters use). Built from the validated entity the projector has just read, so indexing costs no second parse.
 */
export const SEARCH_KINDS = ['engagement', 'visit', 'finding', 'recommendation', 'comment', 'request', 'library'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export type SearchDoc = SearchDocRow & { kind: SearchKind };

/** Long prose is cut here: a search box finds items by what they are about, not by the 40th page of notes. */
const MAX_TEXT = 20_000;
const clip = (s: string) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);
const join = (...parts: (string | undefined | null | false)[]) => clip(parts.filter((p): p is string => Boolean(p && p.trim())).join('\n'));

export const searchKey = (kind: SearchKind, id: string, engagementId?: string) => (engagementId ? `${kind}:${engagementId}:${id}` : `${kind}:${id}`);

/** The engagement's city and focus areas, read straight from its map (children carry them for the filters). */
export function engagementContext(doc: Y.Doc): { city: string; focusAreas: string[] } {
  const m = engagementMap(doc);
  const city = [m.get('city'), m.get('state')].filter((v) => typeof v === 'string' && v).join(', ');
  const fa = toPlain(m.get('focusAreas'));
  return { city, focusAreas: Array.isArray(fa) ? fa.map(String) : [] };
}

export function engagementDoc(e: Engagement): SearchDoc {
  return {
    key: searchKey('engagement', e.id, e.id),
    kind: 'engagement',
    id: e.id,
    engagementId: e.id,
    title: `${e.city}, ${e.state}`,
    text: join(e.summary, e.sponsor, e.stakeholders.join(', '), e.team.map((p) => p.name).join(', '), e.indicators.map((i) => i.name).join(', ')),
    city: `${e.city}, ${e.state}`,
    focusAreas: [...e.focusAreas],
    status: e.status,
    author: e.createdBy,
    date: e.startDate,
    tags: `${e.kind} ${e.intensity}`,
  };
}

type Ctx = { city: string; focusAreas: string[] };

export function visitDoc(engagementId: string, ctx: Ctx, v: EntityOf<'visits'>): SearchDoc {
  const textAnswers = Object.values(v.answers).filter((a): a is string => typeof a === 'string');
  return {
    key: searchKey('visit', v.id, engagementId),
    kind: 'visit',
    id: v.id,
    engagementId,
    title: v.title,
    text: join(v.observations, v.location.address, v.attendees.join(', '), ...textAnswers),
    city: ctx.city,
    focusAreas: v.template.focusAreas.length ? [...v.template.focusAreas] : ctx.focusAreas,
    status: v.review.state,
    author: v.createdBy,
    date: v.date,
    tags: v.template.name,
  };
}

export function findingDoc(engagementId: string, ctx: Ctx, f: EntityOf<'findings'>): SearchDoc {
  return {
    key: searchKey('finding', f.id, engagementId),
    kind: 'finding',
    id: f.id,
    engagementId,
    title: f.title,
    text: join(f.description, f.interviewNotes, f.internalNotes),
    city: ctx.city,
    focusAreas: [f.focusArea],
    status: f.review.state,
    author: f.createdBy,
    date: f.updatedAt.slice(0, 10),
    tags: `${f.kind} ${f.severity}`,
  };
}

export function recommendationDoc(engagementId: string, ctx: Ctx, r: EntityOf<'recommendations'>): SearchDoc {
  return {
    key: searchKey('recommendation', r.id, engagementId),
    kind: 'recommendation',
    id: r.id,
    engagementId,
    title: `R-${r.number} ${r.title}`,
    text: join(r.rationale, r.owner, r.internalNotes, ...r.progress.map((p) => p.note)),
    city: ctx.city,
    focusAreas: [r.focusArea],
    status: r.status,
    author: r.createdBy,
    date: (r.dueDate ?? r.updatedAt).slice(0, 10),
    tags: `${r.priority} ${r.timeframe}`,
  };
}

/**
 * A review comment (root map "comments" of the engagement doc, issue 5, /work/notes/review-api.md). Read loosely
 * (plain object or Y.Map), since that helper owns the schema: anything without a body is skipped.
 */
export function commentDoc(engagementId: string, ctx: Ctx, id: string, raw: unknown): SearchDoc | null {
  const c = toPlain(raw) as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || c.deleted === true || typeof c.body !== 'string' || !c.body.trim()) return null;
  const target = c.target as { collection?: unknown; id?: unknown } | undefined;
  const at = typeof c.at === 'string' ? c.at : '';
  const body = c.body.trim();
  return {
    key: searchKey('comment', id, engagementId),
    kind: 'comment',
    id,
    engagementId,
    title: body.length > 80 ? `${body.slice(0, 79)}…` : body,
    text: join(body, typeof c.quote === 'string' ? c.quote : ''),
    city: ctx.city,
    focusAreas: ctx.focusAreas,
    status: c.resolved === true ? 'resolved' : 'open',
    author: typeof c.author === 'string' ? c.author : '',
    date: at.slice(0, 10),
    tags: '',
    target: target && typeof target.collection === 'string' && typeof target.id === 'string' ? `${target.collection}:${target.id}` : undefined,
  };
}

export function requestDoc(r: Request): SearchDoc {
  return {
    key: searchKey('request', r.id),
    kind: 'request',
    id: r.id,
    engagementId: r.engagementId,
    title: r.topic,
    text: join(r.question, r.official.name, r.official.title, r.memo.caseStudies, r.memo.bestPractices, r.memo.financing, r.memo.considerations),
    city: `${r.city}, ${r.state}`,
    focusAreas: [r.focusArea],
    status: r.status,
    author: r.assignee ?? r.createdBy,
    date: r.createdAt.slice(0, 10),
    tags: r.urgency,
  };
}

export function libraryDoc(i: LibraryItem): SearchDoc {
  return {
    key: searchKey('library', i.id),
    kind: 'library',
    id: i.id,
    title: i.title,
    text: join(i.summary, i.body, i.files.map((f) => f.name).join(', ')),
    city: '',
    focusAreas: [...i.focusAreas],
    status: i.archived ? 'archived' : i.featured ? 'featured' : 'current',
    author: i.author,
    date: i.date,
    tags: `${i.kind} ${i.tags.join(' ')}`,
  };
}

/** Did the engagement's city or focus areas change since its stored document? Its children carry both. */
export function placeChanged(prev: SearchDocRow | undefined, place: Ctx): boolean {
  if (!prev) return false;
  return prev.city !== place.city || prev.focusAreas.join(' ') !== place.focusAreas.join(' ');
}

/**
 * The children's documents with the engagement's new place (a city renamed, focus areas changed). Findings and
 * recommendations keep their own focus area and only take the city; visits and comments are rebuilt from the doc,
 * since their focus areas fall back to the engagement's. A child that no longer reads cleanly is left as it was.
 */
export function withPlace(doc: Y.Doc, engagementId: string, place: Ctx, children: readonly SearchDocRow[], readVisit: (id: string) => EntityOf<'visits'> | null): SearchDoc[] {
  const out: SearchDoc[] = [];
  for (const child of children) {
    const kind = child.kind as SearchKind;
    if (kind === 'visit') {
      const v = readVisit(child.id);
      if (v) out.push(visitDoc(engagementId, place, v));
    } else if (kind === 'comment') {
      const c = commentDoc(engagementId, place, child.id, commentsMap(doc).get(child.id));
      if (c) out.push(c);
    } else if (kind === 'finding' || kind === 'recommendation') {
      if (child.city !== place.city) out.push({ ...child, kind, city: place.city });
    }
  }
  return out;
}

/** The comments root map, if the review feature (issue 5) has put one in this doc. */
export const commentsMap = (doc: Y.Doc) => doc.getMap<unknown>('comments');

/** Comment ids a transaction touched (added, removed, resolved, edited). */
export function changedComments(doc: Y.Doc, tr: Y.Transaction): Set<string> {
  const root: object = commentsMap(doc);
  const out = new Set<string>();
  for (const [type, keys] of tr.changed) {
    if (type === root) {
      for (const k of keys) if (k !== null) out.add(k);
      continue;
    }
    let t: { _item: Y.Item | null } = type;
    while (t._item) {
      const parent = t._item.parent as unknown as { _item: Y.Item | null };
      if (parent === root) {
        if (t._item.parentSub) out.add(t._item.parentSub);
        break;
      }
      t = parent;
    }
  }
  return out;
}
