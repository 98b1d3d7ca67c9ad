import { describe, expect, it } from 'vitest';
import { buildReport, defaultReportOptions, snapshotFromDoc } from '#core/reports/index.ts';
import { linkLibraryItem } from '#core/knowledge/network-model.ts';
import { readAll } from '#core/model/read.ts';
import { sampleFixture } from '../../../integration/reports/fixture.ts';

/** The report builder's one knowledge addition: "Basis: <title>" under a recommendation, internal edition only. */
describe('report: library basis of a recommendation', () => {
  it('names linked library items in the internal edition, marks archived ones, and leaves them out of the public edition', async () => {
    const { doc } = await sampleFixture({ seed: 7 });
    const rec = readAll(doc, 'recommendations').items[0]!;
    linkLibraryItem(doc, { author: 'tester' }, 'recommendations', rec.id, 'lib-heirs');
    linkLibraryItem(doc, { author: 'tester' }, 'recommendations', rec.id, 'lib-old');
    const snapshot = {
      ...snapshotFromDoc(doc),
      library: [
        { id: 'lib-heirs', title: 'Heir property and tangled titles', archived: false },
        { id: 'lib-old', title: 'An old vacancy memo', archived: true },
      ],
    };
    const text = (edition: 'internal' | 'public') => JSON.stringify(buildReport(snapshot, new Map(), defaultReportOptions({ edition, photos: false })).definition);
    const internal = text('internal');
    expect(internal).toContain('"text":"Basis: "');
    expect(internal).toContain('Heir property and tangled titles');
    expect(internal).toContain('An old vacancy memo');
    expect(internal).toContain(' (archived)');
    const pub = text('public');
    expect(pub).not.toContain('Heir property and tangled titles');
    expect(pub).not.toContain('Basis: ');
  });

  it('prints nothing when the caller has no library titles (older callers)', async () => {
    const { doc } = await sampleFixture({ seed: 7 });
    const rec = readAll(doc, 'recommendations').items[0]!;
    linkLibraryItem(doc, { author: 'tester' }, 'recommendations', rec.id, 'lib-missing');
    const def = JSON.stringify(buildReport(snapshotFromDoc(doc), new Map(), defaultReportOptions({ edition: 'internal', photos: false })).definition);
    expect(def).not.toContain('Basis: ');
  });
});
