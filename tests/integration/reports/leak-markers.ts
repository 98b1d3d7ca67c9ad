import type { SampleEngagement } from '#core/sample/index.ts';

/**
 * The leak test's markers: a distinctive token planted in every internal-only field of a sample engagement
 * (shared by the engagement and the portfolio leak tests). `planted` collects what was planted where.
 */
export interface Planted {
  token: string;
  where: string;
  printedInternally: boolean;
}

export function plantLeakMarkers(sample: SampleEngagement, planted: Planted[], prefix = ''): void {
  let n = 0;
  const token = (kind: string, where: string, printedInternally = true) => {
    const t = `LEAK${kind}${prefix}${++n}X`;
    planted.push({ token: t, where, printedInternally });
    return t;
  };
  // Make sure every kind of exclusion happens at least a few times.
  sample.findings.forEach((f, i) => i % 6 === 1 && (f.confidential = true));
  sample.recommendations.forEach((r, i) => i % 9 === 2 && (r.confidential = true));
  sample.visits.forEach((v, i) => i % 5 === 3 && !isInterviewTemplate(v.template.id) && (v.confidential = true));

  for (const f of sample.findings) {
    f.internalNotes = `Note ${token('FNOTE', `internal notes of finding ${f.id}`)} for the team.`;
    f.interviewNotes = `Said ${token('FINTERVIEW', `interview notes of finding ${f.id}`)} in confidence.`;
    if (f.confidential) f.title = `${token('FCONF', `title of confidential finding ${f.id}`)} ${f.title}`;
    else if (f.review.state !== 'approved') f.title = `${token('FDRAFT', `title of unapproved finding ${f.id}`)} ${f.title}`;
  }
  for (const r of sample.recommendations) {
    r.internalNotes = `Keep ${token('RNOTE', `internal notes of R-${r.number}`)} inside.`;
    if (r.confidential) r.title = `${token('RCONF', `title of confidential R-${r.number}`)} ${r.title}`;
    else if (r.review.state !== 'approved') r.title = `${token('RDRAFT', `title of unapproved R-${r.number}`)} ${r.title}`;
  }
  for (const v of sample.visits) {
    if (v.confidential) v.title = `${token('VCONF', `title of confidential visit ${v.id}`)} ${v.title}`;
    else if (v.review.state !== 'approved') v.title = `${token('VDRAFT', `title of unapproved visit ${v.id}`)} ${v.title}`;
    if (isInterviewTemplate(v.template.id)) {
      v.attendees = v.attendees.map((a, i) => (i === 0 ? `${token('NAME', `interviewee of ${v.id}`)} Person (Interviewee)` : a));
    }
  }
  sample.engagement.stakeholders = sample.engagement.stakeholders.map((s) => `${token('STAKE', 'a stakeholder name')} ${s}`);
  const excludedVisit = new Set(sample.visits.filter((v) => v.confidential || isInterviewTemplate(v.template.id) || v.review.state !== 'approved').map((v) => v.id));
  for (const p of sample.photos) {
    // Internally, only photos tied to a finding are printed (with that finding).
    if (excludedVisit.has(p.visitId)) p.caption = `${token('PHOTO', `caption of photo ${p.id} from an unpublished visit`, !!p.findingId)} ${p.caption}`;
  }
}
const isInterviewTemplate = (id: string) => id === 'tpl-stakeholder-interview';

