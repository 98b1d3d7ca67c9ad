import { describe, expect, it } from 'vitest';
import { groupByChallenge, haversineKm, rankPeers, valueSimilarity, type EngagementLike } from '#core/knowledge/peers.ts';

const ind = (id: string, name: string, value: number, unit = '%') => ({ id, name, value, unit });
const target: EngagementLike = {
  id: 't',
  city: 'Port Alder',
  state: 'MA',
  focusAreas: ['operations-budget', 'housing', 'economic-development'],
  indicators: [ind('ind-vacancy', 'Vacancy rate', 14), ind('ind-poverty', 'Poverty rate', 24), ind('ind-budget-gap', 'Projected general fund gap', 6.2, '$ million')],
  lat: 41.712,
  lng: -71.104,
};

describe('rankPeers', () => {
  const near: EngagementLike = { id: 'near', city: 'New Harlow', state: 'PA', focusAreas: ['housing', 'operations-budget'], indicators: [ind('ind-vacancy', 'Vacancy rate', 12), ind('ind-poverty', 'Poverty rate', 40)], lat: 41.41, lng: -75.66 };
  const far: EngagementLike = { id: 'far', city: 'San Lucero', state: 'CA', focusAreas: ['housing'], indicators: [ind('ind-vacancy', 'Vacancy rate', 3)], lat: 36.68, lng: -121.63 };
  const unrelated: EngagementLike = { id: 'none', city: 'Nowhere', state: 'CA', focusAreas: ['transportation'], lat: 36.6, lng: -121.6 };
  const noData: EngagementLike = { id: 'bare', city: 'Elk Prairie', state: 'IN', focusAreas: ['housing', 'operations-budget', 'economic-development'] };

  it('orders by shared focus areas, similar indicators and distance, and leaves out the target and non-peers', () => {
    const ranked = rankPeers(target, [far, unrelated, target, noData, near]);
    expect(ranked.map((p) => p.id)).toEqual(['near', 'bare', 'far']);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
  });

  it('gives the reasons a person can check', () => {
    const [p] = rankPeers(target, [near]);
    expect(p!.reasons).toEqual(['Shares government operations & budget and housing', 'Similar vacancy rate (12% vs 14%)', '381 km away']);
    expect(p!.sharedFocusAreas).toEqual(['operations-budget', 'housing']);
    expect(p!.similarIndicators.map((s) => s.name)).toEqual(['Vacancy rate']);
    expect(p!.distanceKm).toBeCloseTo(haversineKm(target as { lat: number; lng: number }, near as { lat: number; lng: number }), 6);
  });

  it('works with missing coordinates and indicators: no distance, no indicator reasons', () => {
    const [p] = rankPeers(target, [noData]);
    expect(p!.distanceKm).toBeUndefined();
    expect(p!.reasons).toEqual(['Shares government operations & budget, economic development and housing']);
    const [q] = rankPeers({ ...target, lat: undefined, lng: undefined, indicators: undefined }, [near]);
    expect(q!.reasons).toEqual(['Shares government operations & budget and housing']);
  });

  it('formats money indicators and respects limit', () => {
    const twin: EngagementLike = { ...near, id: 'twin', indicators: [ind('ind-budget-gap', 'Projected general fund gap', 5.8, '$ million')] };
    const [p] = rankPeers(target, [twin, far], { limit: 1 });
    expect(p!.id).toBe('twin');
    expect(p!.reasons).toContain('Similar projected general fund gap ($5.8 million vs $6.2 million)');
  });

  it('similarity and distance helpers', () => {
    expect(valueSimilarity(10, 10)).toBe(1);
    expect(valueSimilarity(12, 14)).toBeCloseTo(1 - 2 / 14);
    expect(valueSimilarity(-3, 3)).toBe(0);
    expect(valueSimilarity(0, 0)).toBe(1);
    // Boston to New York City is about 306 km.
    expect(haversineKm({ lat: 42.3601, lng: -71.0589 }, { lat: 40.7128, lng: -74.006 })).toBeGreaterThan(300);
    expect(haversineKm({ lat: 42.3601, lng: -71.0589 }, { lat: 40.7128, lng: -74.006 })).toBeLessThan(310);
  });
});

describe('groupByChallenge', () => {
  it('groups engagements by shared focus area, largest groups first, cities sorted', () => {
    const groups = groupByChallenge([
      { id: 'a', city: 'B-town', state: 'MA', focusAreas: ['housing', 'transportation'] },
      { id: 'b', city: 'A-ville', state: 'PA', focusAreas: ['housing'] },
      { id: 'c', city: 'C-city', state: 'IN', focusAreas: ['operations-budget'] },
    ]);
    expect(groups[0]).toEqual({ focusArea: 'housing', challenge: 'Housing', engagementIds: ['b', 'a'], cities: ['A-ville, PA', 'B-town, MA'] });
    expect(groups.map((g) => g.focusArea)).toEqual(['housing', 'operations-budget', 'transportation']);
    expect(groupByChallenge([{ id: 'c', city: 'C', state: 'IN', focusAreas: ['housing'] }], { minSize: 2 })).toEqual([]);
  });
});
