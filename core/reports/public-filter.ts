import { TEMPLATE_IDS } from '../templates/index.ts';
import type { Visit } from '../schemas/index.ts';
import type { ReportSnapshot } from './types.ts';

/**
 * The public edition's rules, in one place (DOMAIN.md, "Report"): only approved items; no internal notes, no
 * interview notes, nothing confidential and no interviewees' names. Everything the public PDF prints comes from
 * the snapshot this returns, so a field that is blanked or an item that is dropped here cannot leak.
 */

export type ExcludedKind = 'visit' | 'finding' | 'recommendation' | 'photo' | 'field' | 'invalid';

export interface ExcludedItem {
  kind: ExcludedKind;
  id: string;
  /** What a person recognises it by: a title, "R-12 …", a caption. */
  label: string;
  reason: string;
}

/** Stakeholder interviews name the people interviewed: their attendees and answers never go public. */
export function isInterview(visit: Visit): boolean {
  return visit.template.id === TEMPLATE_IDS.stakeholderInterview || /\binterview/i.test(visit.template.name);
}

const REVIEW_WORDS = { draft: 'a draft', submitted: 'submitted but not yet approved', 'changes-requested': 'sent back for changes' } as const;

interface Decision {
  visits: Map<string, string | null>;
  findings: Map<string, string | null>;
  recommendations: Map<string, string | null>;
  photos: Map<string, string | null>;
}

/** For every item: null when it may be published, otherwise the reason it may not. */
function decide(s: ReportSnapshot): Decision {
  const visits = new Map<string, string | null>();
  for (const v of s.visits) {
    visits.set(v.id, v.confidential ? 'marked confidential' : v.review.state !== 'approved' ? `not approved (${REVIEW_WORDS[v.review.state]})` : null);
  }
  const visitById = new Map(s.visits.map((v) => [v.id, v]));
  const findings = new Map<string, string | null>();
  for (const f of s.findings) {
    findings.set(
      f.id,
      f.confidential
        ? 'marked confidential'
        : f.review.state !== 'approved'
          ? `not approved (${REVIEW_WORDS[f.review.state]})`
          : f.visitId && visitById.get(f.visitId)?.confidential
            ? 'comes from a confidential visit'
            : null,
    );
  }
  const recommendations = new Map<string, string | null>();
  for (const r of s.recommendations) {
    recommendations.set(r.id, r.confidential ? 'marked confidential' : r.review.state !== 'approved' ? `not approved (${REVIEW_WORDS[r.review.state]})` : null);
  }
  const photos = new Map<string, string | null>();
  const findingOfPhoto = new Map<string, string>();
  for (const f of s.findings) for (const p of f.photoIds) findingOfPhoto.set(p, f.id);
  for (const a of s.attachments) {
    const visit = a.visitId ? visitById.get(a.visitId) : undefined;
    const findingId = a.findingId ?? findingOfPhoto.get(a.id);
    const findingReason = findingId ? findings.get(findingId) : undefined;
    photos.set(
      a.id,
      visit?.confidential
        ? 'taken on a confidential visit'
        : visit && isInterview(visit)
          ? 'taken during a stakeholder interview'
          : visit && visit.review.state !== 'approved'
            ? 'its visit is not approved'
            : findingReason
              ? 'its finding is not published'
              : null,
    );
  }
  return { visits, findings, recommendations, photos };
}

/** The snapshot the public edition is built from. */
export function publicFilter(s: ReportSnapshot): ReportSnapshot {
  const d = decide(s);
  const ok = (m: Map<string, string | null>, id: string) => m.get(id) === null;
  const findings = s.findings
    .filter((f) => ok(d.findings, f.id))
    .map((f) => ({
      ...f,
      interviewNotes: '',
      internalNotes: '',
      photoIds: f.photoIds.filter((p) => ok(d.photos, p)),
      // Evidence that points into an unpublished visit, or into an interview's answers, is cut loose.
      ...(f.visitId && ok(d.visits, f.visitId) ? {} : { visitId: undefined, questionId: undefined }),
      ...(f.visitId && ok(d.visits, f.visitId) && isInterview(s.visits.find((v) => v.id === f.visitId)!) ? { questionId: undefined } : {}),
    }));
  const findingIds = new Set(findings.map((f) => f.id));
  const visits = s.visits
    .filter((v) => ok(d.visits, v.id))
    .map((v) =>
      isInterview(v)
        ? { ...v, attendees: [], answers: {}, observations: '', photoIds: [], location: { address: '' } }
        : { ...v, photoIds: v.photoIds.filter((p) => ok(d.photos, p)) },
    );
  const visitIds = new Set(visits.map((v) => v.id));
  const recommendations = s.recommendations
    .filter((r) => ok(d.recommendations, r.id))
    .map((r) => ({
      ...r,
      internalNotes: '',
      findingIds: r.findingIds.filter((id) => findingIds.has(id)),
      visitIds: r.visitIds.filter((id) => visitIds.has(id)),
    }));
  return {
    // Stakeholders are the people the team interviews: their names stay out of the public edition.
    engagement: { ...s.engagement, stakeholders: [] },
    visits,
    findings,
    recommendations,
    attachments: s.attachments.filter((a) => ok(d.photos, a.id)),
    quarantined: [],
  };
}

/** What the public edition will leave out, and why: shown to the team before they export. */
export function excludedItems(s: ReportSnapshot): ExcludedItem[] {
  const d = decide(s);
  const out: ExcludedItem[] = [];
  for (const r of s.recommendations) {
    const why = d.recommendations.get(r.id);
    if (why) out.push({ kind: 'recommendation', id: r.id, label: `R-${r.number} ${r.title}`, reason: why });
    else if (r.internalNotes.trim()) out.push({ kind: 'field', id: `${r.id}:internalNotes`, label: `Internal notes of R-${r.number}`, reason: 'internal notes are never published' });
  }
  for (const f of s.findings) {
    const why = d.findings.get(f.id);
    if (why) out.push({ kind: 'finding', id: f.id, label: f.title, reason: why });
    else {
      if (f.interviewNotes.trim()) out.push({ kind: 'field', id: `${f.id}:interviewNotes`, label: `Interview notes of “${f.title}”`, reason: 'interview notes are never published' });
      if (f.internalNotes.trim()) out.push({ kind: 'field', id: `${f.id}:internalNotes`, label: `Internal notes of “${f.title}”`, reason: 'internal notes are never published' });
    }
  }
  for (const v of s.visits) {
    const why = d.visits.get(v.id);
    if (why) out.push({ kind: 'visit', id: v.id, label: `${v.title} (${v.date})`, reason: why });
    else if (isInterview(v) && (v.attendees.length || Object.keys(v.answers).length))
      out.push({ kind: 'field', id: `${v.id}:interview`, label: `Names and answers of “${v.title}”`, reason: 'interviewees are never named in public' });
  }
  for (const a of s.attachments) {
    const why = d.photos.get(a.id);
    if (why) out.push({ kind: 'photo', id: a.id, label: a.caption || a.name || 'Photo', reason: why });
  }
  if (s.engagement.stakeholders.length)
    out.push({ kind: 'field', id: 'engagement:stakeholders', label: 'Names of stakeholders', reason: 'the people the team interviews are not named in public' });
  for (const q of s.quarantined) out.push({ kind: 'invalid', id: q.id, label: `${q.collection} ${q.id}`, reason: `not valid: ${q.problems.join(' ')}` });
  return out;
}
