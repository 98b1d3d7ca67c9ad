import { seededIds } from '../ids.ts';
import { pathBetween } from '../rules/recommendation-status.ts';
import type {
  Engagement,
  Finding,
  FocusArea,
  Indicator,
  Person,
  ProgressUpdate,
  Question,
  Recommendation,
  RecommendationStatus,
  ReviewState,
  Template,
  Visit,
} from '../schemas/index.ts';
import { allQuestions } from '../schemas/index.ts';
import { BUILT_IN_TEMPLATES, TEMPLATE_IDS } from '../templates/index.ts';
import { CITIES, EXPERT_ORGS, FIRST_NAMES, LAST_NAMES, OFFICIAL_TITLES, type CitySeed } from './places.ts';
import {
  ACTIONS,
  DEPARTMENTS,
  FINDING_DESCRIPTIONS,
  FINDING_DETAILS,
  FINDING_NEEDS,
  FINDING_STRENGTHS,
  INTERNAL_NOTES,
  INTERVIEW_NOTES,
  OBSERVATIONS,
  OWNERS,
  PROGRESS_NOTES,
  RATIONALE_CLOSERS,
  RATIONALE_OPENERS,
  RATIONALE_WHY,
  SCOPES,
  TEXT_ANSWERS,
  VISIT_TITLES,
} from './phrases.ts';
import { addDays, at, createRng, daysBetween, fill, type Rng } from './prng.ts';
import { drawPicture, type PictureKind } from './svg.ts';

/**
 * Starter library items (core/knowledge/starter-library.ts) a few sample items cite as their basis. Chosen by
 * position, not by the PRNG, so adding links did not change any other sample value.
 */
const BASIS_FOR: Partial<Record<FocusArea, string>> = {
  'operations-budget': 'lib-starter-structural-deficit',
  'economic-development': 'lib-starter-downtown-lead-partner',
  housing: 'lib-starter-proactive-rental-inspection',
  'land-use': 'lib-starter-vacancy-triage',
  'workforce-development': 'lib-starter-sector-partnerships',
  'community-development': 'lib-starter-resident-sessions',
  transportation: 'lib-starter-complete-streets',
  'public-safety': 'lib-starter-overtime-drivers',
};
const basisFor = (focusArea: FocusArea, index: number, every: number): string[] => (index % every === 0 && BASIS_FOR[focusArea] ? [BASIS_FOR[focusArea]] : []);

type StampKeys = 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy';
/** Who made an item and when: the writer stamps it with these, so the sample is the same on every run. */
export interface Authored {
  author: string;
  at: string;
}
export type SampleVisit = Omit<Visit, StampKeys> & Authored;
export type SampleFinding = Omit<Finding, StampKeys> & Authored;
export type SampleRecommendation = Omit<Recommendation, StampKeys> & Authored;

export interface SamplePhoto extends Authored {
  id: string;
  visitId: string;
  findingId?: string;
  questionId?: string;
  caption: string;
  width: number;
  height: number;
  kind: PictureKind;
  /** A complete SVG document; the app rasterizes it to JPEG before storing. */
  svg: string;
}

export interface SampleEngagement extends Authored {
  engagement: Omit<Engagement, StampKeys>;
  visits: SampleVisit[];
  findings: SampleFinding[];
  recommendations: SampleRecommendation[];
  photos: SamplePhoto[];
}

export interface SampleProgramme {
  seed: number;
  scale: number;
  today: string;
  engagements: SampleEngagement[];
}

export interface SampleOptions {
  seed?: number;
  /** Multiplies visits, findings and recommendations per engagement; photos stay bounded. */
  scale?: number;
  /** The programme's "now" (YYYY-MM-DD): every date is placed relative to it. */
  today?: string;
}

export const SAMPLE_DEFAULT_TODAY = '2025-05-15';
const MAX_PHOTOS = 40;

const TEMPLATES = new Map(BUILT_IN_TEMPLATES.map((t) => [t.id, t]));
const tpl = (id: string): Template => TEMPLATES.get(id)!;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function buildSampleProgramme(options: SampleOptions = {}): SampleProgramme {
  const seed = options.seed ?? 1;
  const scale = Math.max(0.05, options.scale ?? 1);
  const today = options.today ?? SAMPLE_DEFAULT_TODAY;
  const rng = createRng(seed);
  const usedNames = new Set<string>();
  const personName = (r: Rng) => {
    for (let i = 0; i < 50; i++) {
      const name = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    return `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
  };
  let photoBudget = MAX_PHOTOS;
  const engagements = CITIES.map((city, i) => {
    const e = buildEngagement(city, rng.fork(i + 1), seed, i, scale, today, personName, photoBudget);
    photoBudget -= e.photos.length;
    return e;
  });
  return { seed, scale, today, engagements };
}

interface Ctx {
  city: CitySeed;
  rng: Rng;
  id: () => string;
  today: string;
  start: string;
  lastDay: string;
  lead: Person;
  experts: Person[];
  officials: string[];
  gap: string;
  slots: (extra?: Record<string, string | number>) => Record<string, string | number>;
}

function buildEngagement(
  city: CitySeed,
  rng: Rng,
  seed: number,
  index: number,
  scale: number,
  today: string,
  personName: (r: Rng) => string,
  photoBudget: number,
): SampleEngagement {
  const id = seededIds((seed * 7919 + index * 104729) >>> 0, '')();
  const ids = seededIds((seed * 31 + index * 7 + 11) >>> 0, '');
  const nextId = () => ids();
  const start = addDays(today, -city.startedDaysAgo);
  const end = addDays(start, city.lengthDays);
  const lastDay = end < today ? end : today;

  const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`;
  const leadName = personName(rng);
  const lead: Person = { id: `p-${nextId()}`, name: leadName, role: 'lead', email: emailOf(leadName), organization: EXPERT_ORGS[0] };
  const experts: Person[] = Array.from({ length: rng.int(2, 4) }, () => {
    const name = personName(rng);
    return { id: `p-${nextId()}`, name, role: 'expert' as const, email: emailOf(name), organization: rng.pick(EXPERT_ORGS) };
  });
  const officials = rng.sample(OFFICIAL_TITLES, 10).map((t) => `${personName(rng)} (${t})`);
  const gapM = rng.around(city.intensity === 'intensive' ? 24 : 9, city.intensity === 'intensive' ? 10 : 5, 1);
  const gap = `$${gapM} million`;

  const ctx: Ctx = {
    city,
    rng,
    id: nextId,
    today,
    start,
    lastDay,
    lead,
    experts,
    officials,
    gap,
    slots: (extra = {}) => ({
      city: city.city,
      hood: rng.pick(city.neighbourhoods),
      street: rng.pick(city.streets),
      dept: rng.pick(DEPARTMENTS),
      n: rng.int(12, 140),
      pct: rng.around(91, 4, 1),
      pct_small: rng.pick(['three', 'four', 'five']),
      pct_reserve: rng.pick([8, 10, 12, 15, 17]),
      phase: rng.int(1, 3),
      year: Number(today.slice(2, 4)) + rng.int(1, 3),
      gap,
      ...extra,
    }),
  };

  const indicators = buildIndicators(ctx, gapM);
  const engagement: Omit<Engagement, StampKeys> = {
    id,
    city: city.city,
    state: city.state,
    kind: city.kind,
    intensity: city.intensity,
    focusAreas: [...city.focusAreas],
    status: city.status,
    startDate: start,
    endDate: end,
    sponsor: `${city.sponsorTitle} ${personName(rng)}`,
    stakeholders: officials.slice(0, rng.int(4, 7)),
    team: [lead, ...experts],
    summary: city.summary,
    indicators,
    lat: city.lat,
    lng: city.lng,
  };

  const visitCount = Math.max(1, Math.round(city.visits * scale));
  const recCount = Math.max(1, Math.round(city.recommendations * scale));
  const findingCount = Math.max(visitCount, Math.round(recCount / 4));
  const visits = buildVisits(ctx, visitCount);
  const findings = buildFindings(ctx, visits, findingCount, indicators);
  const recommendations = buildRecommendations(ctx, visits, findings, recCount);
  const photos = buildPhotos(ctx, visits, findings, Math.min(city.photos, visitCount, Math.max(0, photoBudget)));
  return { engagement, author: lead.id, at: at(start, 9), visits, findings, recommendations, photos };
}

function buildIndicators(ctx: Ctx, gapM: number): Indicator[] {
  const { rng, today, start } = ctx;
  const asOf = addDays(today, -rng.int(30, 120));
  const ind = (key: string, name: string, value: number, unit: string, source: string, baseline?: number): Indicator => ({
    id: `ind-${key}`,
    name,
    value,
    unit,
    source,
    asOf,
    ...(baseline !== undefined ? { baseline, baselineAsOf: addDays(start, -rng.int(60, 200)) } : {}),
  });
  const unemployment = rng.around(7.4, 2.4, 1);
  const vacancy = rng.around(11, 4, 1);
  return [
    ind(
      'unemployment',
      'Unemployment rate',
      unemployment,
      '%',
      'Bureau of Labor Statistics, Local Area Unemployment Statistics',
      Math.round((unemployment + rng.around(0.9, 0.8, 1)) * 10) / 10,
    ),
    ind('poverty', 'Poverty rate', rng.around(24, 6, 1), '%', 'U.S. Census Bureau, American Community Survey 5-year estimates'),
    ind('population', 'Population change since 2010', rng.around(-5, 5, 1), '%', 'U.S. Census Bureau, decennial census and population estimates'),
    ind(
      'budget-gap',
      'Projected general fund gap',
      gapM,
      '$ million',
      'City finance department, multi-year forecast',
      Math.round(gapM * rng.around(1.25, 0.15, 2) * 10) / 10,
    ),
    ind('vacancy', 'Residential vacancy rate', vacancy, '%', 'USPS vacancy data aggregated by HUD', Math.round((vacancy + rng.around(1.2, 1, 1)) * 10) / 10),
    ind(
      'income',
      'Median household income',
      Math.round(rng.around(41000, 8000, 0) / 100) * 100,
      '$',
      'U.S. Census Bureau, American Community Survey 5-year estimates',
    ),
  ];
}

function templatesFor(city: CitySeed): [string, number][] {
  const has = (...areas: FocusArea[]) => areas.some((a) => city.focusAreas.includes(a));
  const out: [string, number][] = [[TEMPLATE_IDS.stakeholderInterview, 3]];
  if (has('operations-budget', 'public-safety')) out.push([TEMPLATE_IDS.fiscalHealth, 3]);
  if (has('economic-development', 'land-use', 'transportation', 'workforce-development')) out.push([TEMPLATE_IDS.downtownWalk, 3]);
  if (has('housing', 'community-development')) out.push([TEMPLATE_IDS.housingConditions, 3]);
  return out;
}

function reviewFor(ctx: Ctx, ageDays: number, author: string, date: string): { state: ReviewState; by?: string; at?: string } {
  const { rng, lead, today } = ctx;
  const state: ReviewState =
    ageDays > 45
      ? rng.weighted([
          ['approved', 85],
          ['submitted', 8],
          ['changes-requested', 4],
          ['draft', 3],
        ] as const)
      : rng.weighted([
          ['approved', 30],
          ['submitted', 30],
          ['changes-requested', 10],
          ['draft', 30],
        ] as const);
  if (state === 'draft') return { state };
  const reviewDay = addDays(date, Math.min(rng.int(1, 14), Math.max(0, daysBetween(date, today))));
  return state === 'submitted' ? { state, by: author, at: at(reviewDay, 17) } : { state, by: lead.id, at: at(reviewDay, 18) };
}

const NUMBER_RANGES: Record<string, (rng: Rng, answers: Record<string, unknown>) => number> = {
  'fh-fund-balance': (r) => r.around(6, 5, 1),
  'fh-collection-rate': (r) => r.around(93, 4, 1),
  'fh-pension-funded': (r) => r.around(62, 15, 0),
  'fh-vacancies': (r) => r.int(0, 9),
  'dt-storefronts-counted': (r) => r.int(40, 140),
  'dt-vacant': (r, a) => Math.round(Number(a['dt-storefronts-counted'] ?? 80) * r.around(0.22, 0.12, 2)),
  'hc-parcels': (r) => r.int(80, 600),
  'hc-major-repair': (r, a) => Math.round(Number(a['hc-parcels'] ?? 200) * r.around(0.12, 0.07, 2)),
  'hc-vacant-structures': (r, a) => Math.round(Number(a['hc-parcels'] ?? 200) * r.around(0.09, 0.05, 2)),
  'hc-vacant-lots': (r, a) => Math.round(Number(a['hc-parcels'] ?? 200) * r.around(0.06, 0.04, 2)),
  'hc-backlog': (r) => r.int(40, 900),
  'si-years': (r) => r.int(1, 34),
};
const EXCLUSIVE = new Set(['None', 'Nothing for now', 'No one yet']);

function answerFor(ctx: Ctx, q: Question, health: number, answers: Record<string, unknown>): string | number | string[] | undefined {
  const { rng } = ctx;
  switch (q.kind) {
    case 'rating':
      return Math.min(5, Math.max(1, health + rng.int(-1, 1)));
    case 'yesno':
      return rng.weighted([
        ['yes', 45],
        ['no', 45],
        ['na', 10],
      ] as const);
    case 'number': {
      if (q.id === 'fh-gap') return Math.max(0, Math.round(Number(ctx.gap.replace(/[^0-9.]/g, '')) * rng.around(1, 0.15, 2) * 10) / 10);
      const make = NUMBER_RANGES[q.id];
      let v = make ? make(rng, answers) : (q.min ?? 0) + rng.int(0, Math.round(((q.max ?? 100) - (q.min ?? 0)) / 10));
      if (q.min !== undefined) v = Math.max(q.min, v);
      if (q.max !== undefined) v = Math.min(q.max, v);
      return v;
    }
    case 'single':
      return rng.pick(q.options);
    case 'multiple': {
      const picked = rng.sample(q.options, rng.int(1, 3));
      const plain = picked.filter((o) => !EXCLUSIVE.has(o));
      return plain.length ? plain : picked.slice(0, 1);
    }
    case 'text': {
      const bank = TEXT_ANSWERS[q.id];
      return bank ? fill(rng.pick(bank), ctx.slots()) : undefined;
    }
    case 'photo':
      return undefined; // photos come later, from the bounded photo budget
  }
}

function buildVisits(ctx: Ctx, count: number): SampleVisit[] {
  const { rng, city, start, lastDay } = ctx;
  const span = Math.max(1, daysBetween(start, lastDay));
  const choices = templatesFor(city);
  const visits: SampleVisit[] = [];
  for (let i = 0; i < count; i++) {
    // Front-loaded: the first weeks of an engagement are the assessment.
    const t = (i / count) ** 1.6;
    const date = addDays(start, Math.min(span, Math.round(t * span) + rng.int(0, 3)));
    const templateId = i < choices.length ? choices[i]![0] : rng.weighted(choices);
    const template = tpl(templateId);
    const official = rng.pick(ctx.officials);
    const officialTitle = official.replace(/^.*\((.*)\)$/, '$1');
    const slots = ctx.slots({ official: officialTitle, official_lower: lowerFirst(officialTitle) });
    const author = rng.pick(ctx.experts).id;
    const review = reviewFor(ctx, daysBetween(date, ctx.today), author, date);
    const health = rng.weighted([
      [1, 2],
      [2, 4],
      [3, 4],
      [4, 2],
      [5, 1],
    ] as const);
    const answers: Record<string, string | number | string[]> = {};
    for (const q of allQuestions(template)) {
      const skip = review.state === 'draft' ? rng.chance(q.required ? 0.3 : 0.45) : !q.required && rng.chance(0.15);
      if (skip) continue;
      const a = answerFor(ctx, q, health, answers);
      if (a !== undefined) answers[q.id] = a;
    }
    const street = String(slots.street);
    const gps = rng.chance(0.7);
    const attendees = [
      ...rng.sample(ctx.officials, rng.int(1, 4)),
      ...rng.sample([ctx.lead, ...ctx.experts], rng.int(1, 2)).map((p) => `${p.name} (Groundwork team)`),
    ];
    if (templateId === TEMPLATE_IDS.stakeholderInterview && !attendees.includes(official)) attendees.unshift(official);
    visits.push({
      id: `vis-${ctx.id()}`,
      title: fill(rng.pick(VISIT_TITLES[templateId]!), slots),
      date,
      template,
      location: {
        address: `${rng.int(10, 1400)} ${street}, ${city.city}, ${city.state}`,
        ...(gps || rng.chance(0.5)
          ? { lat: Math.round((city.lat + rng.around(0, 0.02, 5)) * 1e5) / 1e5, lng: Math.round((city.lng + rng.around(0, 0.02, 5)) * 1e5) / 1e5 }
          : {}),
        ...(gps ? { source: 'gps' as const, accuracyM: rng.int(4, 35) } : {}),
      },
      attendees,
      answers,
      observations: rng
        .sample(OBSERVATIONS[templateId]!, rng.int(2, 3))
        .map((s) => fill(s, slots))
        .join(' '),
      photoIds: [],
      confidential: rng.chance(templateId === TEMPLATE_IDS.stakeholderInterview ? 0.2 : 0.04),
      review,
      author,
      at: at(date, rng.int(9, 16), rng.int(0, 59)),
    });
  }
  return visits;
}

const INDICATOR_FOR: Partial<Record<FocusArea, string[]>> = {
  'operations-budget': ['ind-budget-gap'],
  'economic-development': ['ind-unemployment', 'ind-income'],
  'workforce-development': ['ind-unemployment'],
  housing: ['ind-vacancy'],
  'community-development': ['ind-poverty', 'ind-population'],
  'land-use': ['ind-vacancy', 'ind-population'],
};

function buildFindings(ctx: Ctx, visits: SampleVisit[], count: number, indicators: Indicator[]): SampleFinding[] {
  const { rng, city } = ctx;
  const findings: SampleFinding[] = [];
  const indicatorIds = new Set(indicators.map((i) => i.id));
  for (let i = 0; i < count; i++) {
    const visit = visits[i % visits.length]!;
    const questions = allQuestions(visit.template);
    const areas = [...new Set(questions.map((q) => q.focusArea).filter((a): a is FocusArea => !!a && city.focusAreas.includes(a)))];
    const focusArea = areas.length && rng.chance(0.8) ? rng.pick(areas) : rng.pick(city.focusAreas);
    const fromQuestion = questions.filter((q) => q.focusArea === focusArea && q.kind !== 'photo' && visit.answers[q.id] !== undefined);
    const kind = rng.chance(0.76) ? 'need' : 'strength';
    const slots = ctx.slots({ visit: lowerFirst(visit.title), date: visit.date });
    const title = fill(rng.pick(kind === 'need' ? FINDING_NEEDS[focusArea] : FINDING_STRENGTHS[focusArea]), slots);
    const date = addDays(visit.date, Math.min(rng.int(0, 6), Math.max(0, daysBetween(visit.date, ctx.today))));
    const author = rng.chance(0.7) ? visit.author : rng.pick(ctx.experts).id;
    const linked = (INDICATOR_FOR[focusArea] ?? []).filter((id) => indicatorIds.has(id));
    findings.push({
      id: `fnd-${ctx.id()}`,
      title,
      description: fill(rng.pick(FINDING_DESCRIPTIONS), { ...slots, detail: rng.pick(FINDING_DETAILS[focusArea]) }),
      kind,
      focusArea,
      severity:
        kind === 'strength'
          ? 'low'
          : rng.weighted([
              ['low', 15],
              ['medium', 40],
              ['high', 35],
              ['critical', 10],
            ] as const),
      visitId: visit.id,
      ...(fromQuestion.length && rng.chance(0.7) ? { questionId: rng.pick(fromQuestion).id } : {}),
      photoIds: [],
      indicatorIds: linked.length && rng.chance(0.4) ? [rng.pick(linked)] : [],
      libraryIds: basisFor(focusArea, findings.length, 13),
      interviewNotes: visit.template.id === TEMPLATE_IDS.stakeholderInterview && rng.chance(0.8) ? rng.pick(INTERVIEW_NOTES) : '',
      internalNotes: rng.chance(0.18) ? rng.pick(INTERNAL_NOTES) : '',
      confidential: rng.chance(0.07),
      review: reviewFor(ctx, daysBetween(date, ctx.today), author, date),
      author,
      at: at(date, rng.int(9, 18), rng.int(0, 59)),
    });
  }
  return findings;
}

const STATUS_MIX: Record<CitySeed['status'], readonly (readonly [RecommendationStatus, number])[]> = {
  'pre-assessment': [
    ['draft', 85],
    ['proposed', 15],
  ],
  active: [
    ['draft', 18],
    ['proposed', 22],
    ['accepted', 20],
    ['in-progress', 27],
    ['implemented', 7],
    ['declined', 6],
  ],
  continuation: [
    ['proposed', 4],
    ['accepted', 14],
    ['in-progress', 40],
    ['implemented', 30],
    ['declined', 12],
  ],
  closed: [
    ['accepted', 8],
    ['in-progress', 24],
    ['implemented', 52],
    ['declined', 16],
  ],
};
const TIMEFRAME_DAYS = { immediate: 60, 'short-term': 180, 'medium-term': 365, 'long-term': 730 } as const;

function buildRecommendations(ctx: Ctx, visits: SampleVisit[], findings: SampleFinding[], count: number): SampleRecommendation[] {
  const findingVisitTitle = new Map(visits.map((v) => [v.id, v.title]));
  const { rng, today } = ctx;
  const usedTitles = new Set<string>();
  const needs = findings.filter((f) => f.kind === 'need');
  const pool = needs.length ? needs : findings;
  const drafts: (Omit<SampleRecommendation, 'number'> & { number?: number })[] = [];
  for (let i = 0; i < count; i++) {
    const finding = pool[i % pool.length]!;
    const focusArea = finding.focusArea;
    const others = pool.filter((f) => f.focusArea === focusArea && f.id !== finding.id);
    const linked = [finding, ...(others.length && rng.chance(0.35) ? [rng.pick(others)] : [])];
    const visitTitle = findingVisitTitle.get(finding.visitId ?? '') ?? 'site visit';
    const slots = ctx.slots({ finding_lower: lowerFirst(finding.title), visit: lowerFirst(visitTitle) });
    let title = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      const scope = attempt === 0 && usedTitles.size < 12 ? '' : rng.pick(SCOPES);
      title = fill(rng.pick(ACTIONS[focusArea]) + scope, ctx.slots());
      if (!usedTitles.has(title)) break;
    }
    usedTitles.add(title);
    const owner = rng.pick(OWNERS[focusArea]);
    const rationale = [
      fill(rng.pick(RATIONALE_OPENERS), slots),
      rng.pick(RATIONALE_WHY[focusArea]),
      fill(rng.pick(RATIONALE_CLOSERS), { ...slots, owner: lowerFirst(owner) }),
    ].join(' ');
    const status = rng.weighted(STATUS_MIX[ctx.city.status]);
    const findingDate = finding.at.slice(0, 10);
    const created = addDays(findingDate, Math.min(rng.int(2, 30), Math.max(0, daysBetween(findingDate, today))));
    const timeframe = rng.weighted([
      ['immediate', 15],
      ['short-term', 40],
      ['medium-term', 30],
      ['long-term', 15],
    ] as const);
    const author = rng.chance(0.6) ? finding.author : rng.pick(ctx.experts).id;
    const progress = buildProgress(ctx, status, created, owner);
    const review: Recommendation['review'] =
      status === 'draft'
        ? rng.weighted([
            [{ state: 'draft' as const }, 60],
            [{ state: 'submitted' as const, by: author, at: at(created, 17) }, 30],
            [{ state: 'changes-requested' as const, by: ctx.lead.id, at: at(created, 18) }, 10],
          ])
        : rng.chance(0.9)
          ? { state: 'approved', by: ctx.lead.id, at: at(created, 18) }
          : { state: 'submitted', by: author, at: at(created, 17) };
    drafts.push({
      id: `rec-${ctx.id()}`,
      title,
      rationale,
      focusArea,
      priority: rng.weighted([
        ['high', 30],
        ['medium', 45],
        ['low', 25],
      ] as const),
      owner,
      timeframe,
      dueDate: addDays(created, TIMEFRAME_DAYS[timeframe] + rng.int(-10, 20)),
      status,
      findingIds: linked.map((f) => f.id),
      visitIds: [...new Set(linked.map((f) => f.visitId).filter((v): v is string => !!v))],
      libraryIds: basisFor(focusArea, drafts.length, 7),
      progress,
      internalNotes: rng.chance(0.12) ? rng.pick(INTERNAL_NOTES) : '',
      confidential: rng.chance(0.05),
      review,
      author,
      at: at(created, rng.int(9, 17), rng.int(0, 59)),
    });
  }
  // Numbers follow the order the team wrote them in, as … would in the app.
  drafts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  return drafts.map((r, i) => ({ ...r, number: i + 1 }));
}

function buildProgress(ctx: Ctx, status: RecommendationStatus, created: string, owner: string): ProgressUpdate[] {
  const { rng, today, lead, experts } = ctx;
  if (status === 'draft') return [];
  let steps = pathBetween('draft', status)!.slice(1);
  if (status === 'implemented' && rng.chance(0.1)) steps = [...steps, 'in-progress', 'implemented']; // reopened once, then done again
  const notes = status === 'accepted' || status === 'in-progress' || status === 'implemented' ? rng.int(0, 2) : 0;
  const total = steps.length + notes;
  // After the experts leave (continuation, closed) updates keep coming: the window runs to today.
  const room = Math.max(total, daysBetween(created, today));
  const offsets = Array.from({ length: total }, () => rng.int(1, room)).sort((a, b) => a - b);
  const kinds: (RecommendationStatus | 'note')[] = [...steps];
  for (let i = 0; i < notes; i++) kinds.splice(rng.int(Math.max(1, kinds.length - 1), kinds.length), 0, 'note');
  return kinds.map((k, i) => {
    const date = addDays(created, Math.min(offsets[i]!, Math.max(0, daysBetween(created, today))));
    const bank = PROGRESS_NOTES[k === 'draft' ? 'note' : k];
    return {
      id: `pu-${ctx.id()}`,
      date,
      note: fill(rng.pick(bank), { owner }),
      ...(k !== 'note' ? { status: k } : {}),
      author: rng.chance(0.5) ? lead.id : rng.pick(experts).id,
      at: at(date, rng.int(9, 18), rng.int(0, 59)),
    };
  });
}

const PICTURES_FOR: Record<string, readonly PictureKind[]> = {
  [TEMPLATE_IDS.fiscalHealth]: ['whiteboard-chart', 'meeting-room'],
  [TEMPLATE_IDS.downtownWalk]: ['street', 'facade'],
  [TEMPLATE_IDS.housingConditions]: ['housing-row'],
  [TEMPLATE_IDS.stakeholderInterview]: ['whiteboard-chart', 'meeting-room'],
};
const CAPTIONS: Record<PictureKind, readonly string[]> = {
  street: ['Looking down {street} toward the square', 'Midday on {street}: parked cars, few pedestrians', 'The {street} corridor from the bus stop'],
  facade: ['Storefronts on {street}, two of them for lease', 'Facade detail on the {street} block', 'Ground-floor vacancies on {street}'],
  'housing-row': ['Two-family houses in {hood}; one boarded', 'A typical block in {hood}', 'Vacant house next to well-kept neighbours in {hood}'],
  'meeting-room': ['Working session with department heads', 'Budget workshop in the council chamber', 'Kick-off meeting with the mayor’s cabinet'],
  'whiteboard-chart': ['Whiteboard from the budget workshop', 'Sketch of the trend staff described', 'Chart drawn during the interview'],
};

function buildPhotos(ctx: Ctx, visits: SampleVisit[], findings: SampleFinding[], count: number): SamplePhoto[] {
  const { rng } = ctx;
  const photos: SamplePhoto[] = [];
  const chosen = rng.sample(visits, count);
  for (const visit of chosen) {
    const question = allQuestions(visit.template).find((q) => q.kind === 'photo');
    const kind: PictureKind = rng.pick(PICTURES_FOR[visit.template.id] ?? (['street'] as const));
    const [width, height] = rng.pick([
      [1200, 800],
      [1024, 768],
      [960, 720],
    ] as const);
    const own = findings.filter((f) => f.visitId === visit.id);
    const finding = own.length && rng.chance(0.6) ? rng.pick(own) : undefined;
    const id = `att-${ctx.id()}`;
    photos.push({
      id,
      visitId: visit.id,
      ...(finding ? { findingId: finding.id } : {}),
      ...(question ? { questionId: question.id } : {}),
      caption: fill(rng.pick(CAPTIONS[kind]), ctx.slots()),
      width,
      height,
      kind,
      svg: drawPicture(kind, rng.fork(photos.length + 1), width, height),
      author: visit.author,
      at: visit.at,
    });
    visit.photoIds.push(id);
    if (question) visit.answers[question.id] = [...((visit.answers[question.id] as string[] | undefined) ?? []), id];
    if (finding) finding.photoIds.push(id);
  }
  return photos;
}
