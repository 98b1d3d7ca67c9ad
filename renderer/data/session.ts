import * as Y from 'yjs';
import { COLLECTIONS, LOCAL_ORIGIN, collection, engagementMap } from '#core/model/layout.ts';
import { migrate } from '#core/model/migrations.ts';
import type { WriteContext } from '#core/model/write.ts';
import type { GroundworkDb } from './db.ts';
import { DocPersistence, type SaveState } from './persistence.ts';
import { Projector } from './projector.ts';

export const engagementDocId = (engagementId: string) => `eng:${engagementId}`;

/**
 * One open engagement: its Y.Doc loaded from the local log, persisted on every change, projected into
 * the index, with an undo manager that only ever undoes this person's own local edits.
 */
export class EngagementSession {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly undo: Y.UndoManager;
  readonly persistence: DocPersistence;
  readonly projector: Projector;
  readonly ctx: WriteContext;
  /** Set when the doc was written by a newer app: shown, and edits are still merged safely by the CRDT. */
  readonly newerSchema: boolean;

  private constructor(id: string, doc: Y.Doc, persistence: DocPersistence, projector: Projector, ctx: WriteContext, newerSchema: boolean) {
    this.id = id;
    this.doc = doc;
    this.persistence = persistence;
    this.projector = projector;
    this.ctx = ctx;
    this.newerSchema = newerSchema;
    this.undo = new Y.UndoManager([engagementMap(doc), ...COLLECTIONS.map((c) => collection(doc, c))], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 600,
    });
  }

  static async open(db: GroundworkDb, engagementId: string, ctx: WriteContext, opts: { rebuildIndex?: boolean } = {}): Promise<EngagementSession> {
    const doc = new Y.Doc({ gc: true });
    const persistence = await DocPersistence.attach(db, engagementDocId(engagementId), doc);
    const m = migrate(doc);
    const projector = new Projector(db, engagementId, doc);
    const session = new EngagementSession(engagementId, doc, persistence, projector, ctx, Boolean(m.newer));
    if (opts.rebuildIndex || m.changed || !(await db.engagements.get(engagementId))) await projector.rebuild();
    return session;
  }

  get saveState(): SaveState {
    return this.persistence.state;
  }

  /** Wait until every change is stored and indexed (tests, export, closing the window). */
  async settle(): Promise<void> {
    await this.persistence.flush();
    await this.projector.flush();
  }

  async close(): Promise<void> {
    await this.settle();
    this.undo.destroy();
    this.projector.destroy();
    await this.persistence.destroy();
    this.doc.destroy();
  }
}
