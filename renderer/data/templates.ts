import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { BUILT_IN_TEMPLATES } from '#core/templates/index.ts';
import { LOCAL_ORIGIN } from '#core/model/layout.ts';
import { parseOrThrow } from '#core/errors.ts';
import { Template } from '#core/schemas/index.ts';
import { DocPersistence } from './persistence.ts';
import type { GroundworkDb } from './db.ts';

/**
 * Templates are programme-wide (not per engagement): kept in their own Y.Doc ('programme') so they sync
 * like everything else. Built-in templates ship with the app; editing one saves an edited copy under the
 * same id, which then wins over the built-in.
 */
export const PROGRAMME_DOC_ID = 'programme';

export class TemplateStore {
  readonly doc = new Y.Doc();
  private persistence: DocPersistence | null = null;
  private ready: Promise<void>;

  constructor(db: GroundworkDb) {
    this.ready = DocPersistence.attach(db, PROGRAMME_DOC_ID, this.doc).then((p) => {
      this.persistence = p;
    });
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private get map() {
    return this.doc.getMap<unknown>('templates');
  }

  /** Built-ins first (unless edited or hidden), then the programme's own, each validated on read. */
  list(): { templates: Template[]; invalid: { id: string; problems: string[] }[] } {
    const templates: Template[] = [];
    const invalid: { id: string; problems: string[] }[] = [];
    const custom = new Map<string, Template>();
    this.map.forEach((raw, id) => {
      const r = Template.safeParse(raw);
      if (r.success) custom.set(id, r.data);
      else invalid.push({ id, problems: r.error.issues.map((i) => i.message) });
    });
    const hidden = new Set(Object.keys(this.doc.getMap<unknown>('hidden').toJSON()));
    for (const t of BUILT_IN_TEMPLATES) if (!hidden.has(t.id)) templates.push(custom.get(t.id) ?? t);
    for (const [id, t] of custom) if (!BUILT_IN_TEMPLATES.some((b) => b.id === id) && !hidden.has(id)) templates.push(t);
    return { templates, invalid };
  }

  get(id: string): Template | undefined {
    return this.list().templates.find((t) => t.id === id);
  }

  /** Validate and save; the version goes up so visits keep the copy they were made with. */
  save(template: Template): Template {
    const current = this.get(template.id);
    const next = parseOrThrow(Template, { ...template, builtIn: false, version: Math.max(template.version, (current?.version ?? 0) + 1) }, 'The template');
    this.doc.transact(() => {
      this.map.set(next.id, next);
      this.doc.getMap('hidden').delete(next.id);
    }, LOCAL_ORIGIN);
    return next;
  }

  remove(id: string): void {
    this.doc.transact(() => {
      this.map.delete(id);
      this.doc.getMap('hidden').set(id, true);
    }, LOCAL_ORIGIN);
  }

  restore(id: string): void {
    this.doc.transact(() => this.doc.getMap('hidden').delete(id), LOCAL_ORIGIN);
  }

  async settle(): Promise<void> {
    await this.ready;
    await this.persistence?.flush();
  }
}

/** The template list, live. */
export function useTemplates(store: TemplateStore): Template[] {
  const [templates, setTemplates] = useState<Template[]>(() => store.list().templates);
  useEffect(() => {
    let live = true;
    const refresh = () => live && setTemplates(store.list().templates);
    void store.whenReady().then(refresh);
    store.doc.on('update', refresh);
    return () => {
      live = false;
      store.doc.off('update', refresh);
    };
  }, [store]);
  return templates;
}
