import type * as Y from 'yjs';
import { ValidationError } from '../errors.ts';
import { readAll, readEngagement } from '../model/read.ts';
import type { ReportSnapshot } from './types.ts';

/** Read an engagement doc through the validating accessors into the plain snapshot a report is built from. */
export function snapshotFromDoc(doc: Y.Doc): ReportSnapshot {
  const engagement = readEngagement(doc);
  if (!engagement.ok) throw new ValidationError('The engagement', engagement.problems);
  const visits = readAll(doc, 'visits');
  const findings = readAll(doc, 'findings');
  const recommendations = readAll(doc, 'recommendations');
  const attachments = readAll(doc, 'attachments');
  // Stable order whatever order the peers' writes arrived in: output must not depend on map iteration.
  const byDateThenId = <T extends { id: string }>(key: (t: T) => string) => (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return {
    engagement: engagement.value,
    visits: visits.items.sort(byDateThenId((v) => v.date)),
    findings: findings.items.sort(byDateThenId((f) => f.createdAt)),
    recommendations: recommendations.items.sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : 1)),
    attachments: attachments.items.sort(byDateThenId((a) => a.createdAt)),
    quarantined: [...visits.quarantined, ...findings.quarantined, ...recommendations.quarantined, ...attachments.quarantined],
  };
}
