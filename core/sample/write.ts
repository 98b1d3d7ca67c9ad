import type * as Y from 'yjs';
import { createEntity, initEngagementDoc, transactLocal, type WriteContext } from '../model/write.ts';
import type { SampleEngagement } from './build.ts';

export interface PhotoMeta {
  sha256: string;
  size: number;
  mime: string;
}

const asOf = (author: string, at: string): WriteContext => ({ author, now: () => new Date(at) });

/**
 * Write one sample engagement into an empty Y.Doc through the ordinary write API, so it is validated and
 * stored exactly like a person's edits. Items carry their own authors and times (deterministic); `ctx`
 * is the person who added the sample to their workspace and is recorded as the engagement's creator.
 * Photos without bytes (no entry in `photoMeta`) are left out, with every reference to them.
 */
export function writeSampleEngagement(
  doc: Y.Doc,
  sample: SampleEngagement,
  photoMeta: ReadonlyMap<string, PhotoMeta>,
  ctx: WriteContext,
): { visits: number; findings: number; recommendations: number; attachments: number } {
  return transactLocal(doc, () => {
    initEngagementDoc(doc, asOf(ctx.author, sample.at), sample.engagement);
    const kept = new Set<string>();
    for (const photo of sample.photos) {
      const m = photoMeta.get(photo.id);
      if (!m) continue;
      kept.add(photo.id);
      createEntity(doc, asOf(photo.author, photo.at), 'attachments', {
        id: photo.id,
        sha256: m.sha256,
        mime: m.mime,
        size: m.size,
        name: `${photo.id}.${m.mime === 'image/jpeg' ? 'jpg' : m.mime === 'image/svg+xml' ? 'svg' : 'bin'}`,
        width: photo.width,
        height: photo.height,
        caption: photo.caption,
        visitId: photo.visitId,
        ...(photo.questionId ? { questionId: photo.questionId } : {}),
        ...(photo.findingId ? { findingId: photo.findingId } : {}),
      });
    }
    const keep = (ids: readonly string[]) => ids.filter((id) => kept.has(id));
    const photoIds = new Set(sample.photos.map((p) => p.id));
    for (const { author, at, ...visit } of sample.visits) {
      const answers: typeof visit.answers = {};
      for (const [qid, value] of Object.entries(visit.answers)) {
        // A photo answer points at attachments; drop the ones we could not store.
        if (Array.isArray(value) && value.some((v) => photoIds.has(v))) {
          const left = keep(value);
          if (left.length) answers[qid] = left;
        } else answers[qid] = value;
      }
      createEntity(doc, asOf(author, at), 'visits', { ...visit, answers, photoIds: keep(visit.photoIds) });
    }
    for (const { author, at, ...finding } of sample.findings) createEntity(doc, asOf(author, at), 'findings', { ...finding, photoIds: keep(finding.photoIds) });
    for (const { author, at, ...rec } of sample.recommendations) createEntity(doc, asOf(author, at), 'recommendations', rec);
    return { visits: sample.visits.length, findings: sample.findings.length, recommendations: sample.recommendations.length, attachments: kept.size };
  });
}
