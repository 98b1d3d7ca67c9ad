import * as Y from 'yjs';
import { buildSampleProgramme, writeSampleEngagement } from '#core/sample/index.ts';
import { sha256Hex } from '#core/hash.ts';
import { storePhoto, rasterizeSvg } from './photos.ts';
import { engagementDocId } from './session.ts';
import type { Workspace } from './workspace.ts';
import { yesterdayIso } from '../ui/format.ts';

/**
 * First-run sample programme: fictional cities, dozens of visits, hundreds of recommendations, and photos
 * drawn locally (SVG → JPEG on a canvas), written exactly as a user's edits would be.
 */
export async function seedSampleData(ws: Workspace, opts: { scale?: number; today?: string; onProgress?: (done: number, total: number) => void } = {}): Promise<string[]> {
  // Dated relative to yesterday, so due dates and "last activity" read as a live programme would and nothing is
  // stamped later than now (the sample's times of day are working hours, which today may not have reached yet).
  const programme = buildSampleProgramme({ scale: opts.scale ?? 1, today: opts.today ?? yesterdayIso() });
  const ids: string[] = [];
  const total = programme.engagements.length;
  let done = 0;
  for (const sample of programme.engagements) {
    const photoMeta = new Map<string, { sha256: string; size: number; mime: string }>();
    for (const photo of sample.photos) {
      const jpeg = await rasterizeSvg(photo.svg, photo.width, photo.height).catch(async () => new Blob([photo.svg], { type: 'image/svg+xml' }));
      const stored = jpeg.type === 'image/jpeg' ? await storePhoto(ws.db, jpeg, `${photo.id}.jpg`) : { sha256: await sha256Hex(new TextEncoder().encode(photo.svg)), size: jpeg.size, mime: jpeg.type };
      photoMeta.set(photo.id, { sha256: stored.sha256, size: stored.size, mime: stored.mime });
    }
    const doc = new Y.Doc();
    doc.transact(() => writeSampleEngagement(doc, sample, photoMeta, ws.ctx));
    const id = sample.engagement.id;
    await ws.db.updates.add({ docId: engagementDocId(id), update: Y.encodeStateAsUpdate(doc) });
    doc.destroy();
    await (await ws.open(id, { rebuildIndex: true })).settle();
    ids.push(id);
    opts.onProgress?.(++done, total);
  }
  await ws.db.settings.put({ key: 'seeded', value: new Date().toISOString() });
  return ids;
}
