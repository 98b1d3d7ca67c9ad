import { FOCUS_AREA_LABELS, FOCUS_AREAS, type FocusArea } from '../schemas/common.ts';

/**
 * Peer cities (issue 7): for one engagement, which others faced the same problems — shared focus areas, similar
 * indicators (same indicator, values close to each other) and nearness — each suggestion with the reasons a person
 * can check. Pure and cheap: the programme has tens of engagements, not thousands.
 */
export interface PeerIndicator {
  id: string;
  name: string;
  value: number;
  unit?: string;
}

export interface EngagementLike {
  id: string;
  city: string;
  state: string;
  focusAreas: readonly string[];
  indicators?: readonly PeerIndicator[];
  lat?: number;
  lng?: number;
}

export interface PeerSuggestion {
  id: string;
  city: string;
  state: string;
  /** 0..1, higher is a closer peer. */
  score: number;
  reasons: string[];
  sharedFocusAreas: FocusArea[];
  similarIndicators: { name: string; target: number; peer: number; unit: string; similarity: number }[];
  distanceKm?: number;
}

export interface PeerOptions {
  limit?: number;
  /** Beyond this distance geography adds nothing. */
  maxKm?: number;
  /** An indicator counts as "similar" in the reasons from this similarity (1 − relative difference). */
  similarFrom?: number;
}

/** Weights of the three signals; focus areas say most about shared problems. */
export const PEER_WEIGHTS = { focus: 0.5, indicators: 0.3, geography: 0.2 } as const;

const EARTH_KM = 6371;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 1 when equal, 0 when one is double the other or more (or of opposite sign). */
export function valueSimilarity(a: number, b: number): number {
  if (a === b) return 1;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  if (scale === 0) return 1;
  return Math.max(0, 1 - Math.abs(a - b) / scale);
}

const indicatorKey = (i: PeerIndicator) => (i.id || i.name).toLowerCase().replace(/^ind-/, '').replace(/[^a-z0-9]+/g, '-');

function formatValue(v: number, unit = ''): string {
  const n = Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 1 : 0);
  if (unit === '%') return `${n}%`;
  if (unit.startsWith('$')) return `$${n}${unit.slice(1)}`;
  return unit ? `${n} ${unit}` : n;
}

const label = (fa: FocusArea) => FOCUS_AREA_LABELS[fa].toLowerCase();
const andList = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const isFocus = (s: string): s is FocusArea => (FOCUS_AREAS as readonly string[]).includes(s);

export function rankPeers(target: EngagementLike, others: readonly EngagementLike[], opts: PeerOptions = {}): PeerSuggestion[] {
  const maxKm = opts.maxKm ?? 1500;
  const similarFrom = opts.similarFrom ?? 0.75;
  const targetFocus = new Set(target.focusAreas.filter(isFocus));
  const targetInd = new Map((target.indicators ?? []).map((i) => [indicatorKey(i), i]));
  const hasPlace = (e: EngagementLike): e is EngagementLike & { lat: number; lng: number } => Number.isFinite(e.lat) && Number.isFinite(e.lng);
  const out: PeerSuggestion[] = [];
  for (const peer of others) {
    if (peer.id === target.id) continue;
    const peerFocus = new Set(peer.focusAreas.filter(isFocus));
    // Focus areas are listed in the programme's order, so reasons read the same everywhere.
    const shared = FOCUS_AREAS.filter((f) => targetFocus.has(f) && peerFocus.has(f));
    const union = new Set([...targetFocus, ...peerFocus]).size;
    const focusScore = union ? shared.length / union : 0;

    const similar: PeerSuggestion['similarIndicators'] = [];
    let simSum = 0;
    let simCount = 0;
    for (const pi of peer.indicators ?? []) {
      const ti = targetInd.get(indicatorKey(pi));
      if (!ti || !Number.isFinite(ti.value) || !Number.isFinite(pi.value)) continue;
      const s = valueSimilarity(ti.value, pi.value);
      simSum += s;
      simCount++;
      if (s >= similarFrom) similar.push({ name: ti.name, target: ti.value, peer: pi.value, unit: ti.unit ?? '', similarity: s });
    }
    const indicatorScore = simCount ? simSum / simCount : 0;

    let distanceKm: number | undefined;
    let geoScore = 0;
    if (hasPlace(target) && hasPlace(peer)) {
      distanceKm = haversineKm(target, peer);
      geoScore = Math.max(0, 1 - distanceKm / maxKm);
    }

    const score = PEER_WEIGHTS.focus * focusScore + PEER_WEIGHTS.indicators * indicatorScore + PEER_WEIGHTS.geography * geoScore;
    if (score <= 0) continue;
    similar.sort((a, b) => b.similarity - a.similarity);
    const reasons: string[] = [];
    if (shared.length) reasons.push(`Shares ${andList(shared.map(label))}`);
    for (const s of similar.slice(0, 2)) reasons.push(`Similar ${s.name.charAt(0).toLowerCase()}${s.name.slice(1)} (${formatValue(s.peer, s.unit)} vs ${formatValue(s.target, s.unit)})`);
    if (distanceKm !== undefined) reasons.push(distanceKm < 1 ? 'Same place' : `${Math.round(distanceKm).toLocaleString('en-US')} km away`);
    out.push({ id: peer.id, city: peer.city, state: peer.state, score, reasons, sharedFocusAreas: shared, similarIndicators: similar, distanceKm });
  }
  out.sort((a, b) => b.score - a.score || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || a.city.localeCompare(b.city));
  return opts.limit ? out.slice(0, opts.limit) : out;
}

export interface ChallengeGroup {
  focusArea: FocusArea;
  /** "Housing", for headings. */
  challenge: string;
  engagementIds: string[];
  cities: string[];
}

/** The peer-network view: engagements grouped by the challenge (focus area) they share, largest groups first. */
export function groupByChallenge(engagements: readonly EngagementLike[], opts: { minSize?: number } = {}): ChallengeGroup[] {
  const groups: ChallengeGroup[] = [];
  for (const fa of FOCUS_AREAS) {
    const members = engagements.filter((e) => e.focusAreas.includes(fa)).sort((a, b) => a.city.localeCompare(b.city));
    if (members.length < (opts.minSize ?? 1)) continue;
    groups.push({ focusArea: fa, challenge: FOCUS_AREA_LABELS[fa], engagementIds: members.map((e) => e.id), cities: members.map((e) => `${e.city}, ${e.state}`) });
  }
  return groups.sort((a, b) => b.engagementIds.length - a.engagementIds.length || FOCUS_AREAS.indexOf(a.focusArea) - FOCUS_AREAS.indexOf(b.focusArea));
}
