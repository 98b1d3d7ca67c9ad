import { useEffect, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { allComments, type Comment } from '#core/review/comments.ts';
import { conflictsFor, type Conflict } from '#core/review/field-log.ts';
import type { Review } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { engagementDocId } from '../../data/session.ts';
import type { Workspace } from '../../data/workspace.ts';

export interface ReviewedItem {
  engagementId: string;
  collection: 'visits' | 'findings' | 'recommendations';
  id: string;
  title: string;
  review: Review & { note?: string };
  createdBy?: string;
  updatedAt: string;
  updatedBy: string;
  /** Recommendations only. */
  number?: number;
  status?: string;
  focusArea?: string;
}

export interface EngagementFeed {
  engagementId: string;
  city: string;
  state: string;
  comments: Comment[];
  items: ReviewedItem[];
  /** Items two people changed at once while apart, with the fields concerned. */
  conflicts: { item: ReviewedItem; conflicts: Conflict[] }[];
  /** Person id → name, from the engagement's team. */
  names: Record<string, string>;
}

export interface ProgrammeFeed {
  ready: boolean;
  engagements: Map<string, EngagementFeed>;
}

const REVIEWED = ['visits', 'findings', 'recommendations'] as const;

export function readFeed(engagementId: string, doc: Y.Doc): EngagementFeed {
  const items: ReviewedItem[] = [];
  const conflicts: EngagementFeed['conflicts'] = [];
  const log = doc.getMap('fieldLog');
  for (const c of REVIEWED)
    collection(doc, c).forEach((m, id) => {
      const review = m.get('review') as Review | undefined;
      if (!review || typeof review !== 'object') return;
      const title = m.get('title');
      const str = (k: string) => (typeof m.get(k) === 'string' ? (m.get(k) as string) : undefined);
      const item: ReviewedItem = {
        engagementId,
        collection: c,
        id,
        title: typeof title === 'string' ? title : String(title ?? id),
        review,
        createdBy: str('createdBy'),
        updatedAt: str('updatedAt') ?? '',
        updatedBy: str('updatedBy') ?? '',
        number: typeof m.get('number') === 'number' ? (m.get('number') as number) : undefined,
        status: str('status'),
        focusArea: str('focusArea'),
      };
      items.push(item);
      // Only items with at least two logged changes can hold concurrent edits; skip the rest cheaply.
      const entries = log.get(`${c}:${id}`);
      if (entries instanceof Y.Array && entries.length > 1) {
        const found = conflictsFor(doc, c, id);
        if (found.length) conflicts.push({ item, conflicts: found });
      }
    });
  const names: Record<string, string> = {};
  const team = doc.getMap('engagement').get('team');
  if (team instanceof Y.Map) team.forEach((p) => p && typeof p === 'object' && (names[(p as { id: string }).id] = (p as { name: string }).name));
  const eng = doc.getMap('engagement');
  return { engagementId, city: String(eng.get('city') ?? ''), state: String(eng.get('state') ?? ''), comments: allComments(doc), items, conflicts, names };
}

/**
 * Comments and review states across every engagement on this computer, for the lead dashboard and the
 * notifications badge. Those live in the documents, not the index tables, so each document is read from
 * the local update log (or from its open session) without opening a session — nothing is written, and a
 * document is only read again when its log grew.
 */
class FeedStore {
  private state: ProgrammeFeed = { ready: false, engagements: new Map() };
  private seen = new Map<string, number>();
  private listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private users = 0;
  constructor(private ws: Workspace) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  get = () => this.state;

  retain(): () => void {
    this.users++;
    if (this.users === 1) {
      this.ws.db.updates.hook('creating', this.onWrite);
      this.schedule(0);
    }
    return () => {
      this.users--;
      if (this.users === 0) this.ws.db.updates.hook('creating').unsubscribe(this.onWrite);
    };
  }

  private onWrite = () => this.schedule(800);

  schedule(ms: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.load().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule(200);
      }
    });
    return this.running;
  }

  private async load(): Promise<void> {
    const { db } = this.ws;
    const ids = (await db.engagements.toCollection().primaryKeys()) as string[];
    const next = new Map(this.state.engagements);
    let changed = !this.state.ready;
    for (const id of [...next.keys()])
      if (!ids.includes(id)) {
        next.delete(id);
        changed = true;
      }
    for (const id of ids) {
      // Keys only (no update bytes): the newest stored update tells whether the document changed since last read.
      const keys = (await db.updates.where('docId').equals(engagementDocId(id)).primaryKeys()) as number[];
      const seq = keys.reduce((m, k) => (k > m ? k : m), 0);
      if (this.seen.get(id) === seq && next.has(id)) continue;
      this.seen.set(id, seq);
      let feed: EngagementFeed;
      try {
        if (this.ws.hasSession(id)) {
          feed = readFeed(id, (await this.ws.open(id)).doc);
        } else {
          const rows = await db.updates.where('docId').equals(engagementDocId(id)).toArray();
          const doc = new Y.Doc();
          doc.transact(() => {
            for (const r of rows) Y.applyUpdate(doc, r.update);
          });
          feed = readFeed(id, doc);
          doc.destroy();
        }
      } catch (err) {
        // One unreadable document must not hide every other engagement's notifications.
        console.warn(`Review feed: engagement ${id} could not be read`, err);
        continue;
      }
      next.set(id, feed);
      changed = true;
    }
    if (changed) {
      this.state = { ready: true, engagements: next };
      for (const l of this.listeners) l();
    }
  }
}

const stores = new WeakMap<Workspace, FeedStore>();
function storeFor(ws: Workspace): FeedStore {
  let s = stores.get(ws);
  if (!s) stores.set(ws, (s = new FeedStore(ws)));
  return s;
}

export function useProgrammeFeed(): ProgrammeFeed {
  const ws = useWorkspace();
  const store = storeFor(ws);
  useEffect(() => store.retain(), [store]);
  return useSyncExternalStore(store.subscribe, store.get);
}
