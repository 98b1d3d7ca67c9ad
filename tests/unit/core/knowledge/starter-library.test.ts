import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLibraryItems, createRequest, editRequestMemo, LibraryItemInput, moveRequest, readLibrary, readRequests, SAMPLE_REQUESTS, STARTER_LIBRARY, updateRequest } from '#core/knowledge/index.ts';
import { buildSampleProgramme } from '#core/sample/index.ts';

describe('starter library', () => {
  it('has about 25 valid items with unique ids, covering every focus area', () => {
    expect(STARTER_LIBRARY.length).toBeGreaterThanOrEqual(25);
    expect(new Set(STARTER_LIBRARY.map((i) => i.id)).size).toBe(STARTER_LIBRARY.length);
    for (const i of STARTER_LIBRARY) expect(LibraryItemInput.safeParse(i).success, i.id).toBe(true);
    const doc = new Y.Doc();
    createLibraryItems(doc, { author: 'groundwork' }, STARTER_LIBRARY);
    const areas = new Set(readLibrary(doc).items.flatMap((i) => i.focusAreas));
    expect(areas.size).toBe(8);
  });

  it('sample requests replay into one request per early column', () => {
    const doc = new Y.Doc();
    const ctx = { author: 'groundwork' };
    for (const r of SAMPLE_REQUESTS) {
      createRequest(doc, ctx, r.request);
      for (const s of r.steps) {
        if (s.assignee) updateRequest(doc, ctx, r.request.id, { assignee: s.assignee, due: s.due });
        if (s.memo) for (const [k, v] of Object.entries(s.memo)) editRequestMemo(doc, ctx, r.request.id, k as 'financing', v);
        if (s.to) moveRequest(doc, ctx, r.request.id, s.to, 'lead');
      }
    }
    expect(readRequests(doc).items.map((r) => r.status).sort()).toEqual(['answered', 'assigned', 'new', 'triaged']);
  });

  it('sample recommendations and findings cite starter items that exist', () => {
    const ids = new Set(STARTER_LIBRARY.map((i) => i.id));
    const p = buildSampleProgramme({ scale: 1 });
    const cited = p.engagements.flatMap((e) => [...e.recommendations, ...e.findings].flatMap((x) => x.libraryIds));
    expect(cited.length).toBeGreaterThan(10);
    for (const id of cited) expect(ids.has(id), id).toBe(true);
  });
});
