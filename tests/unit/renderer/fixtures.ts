import type { NewEngagementInput } from '#renderer/data/workspace.ts';

/** A plain engagement for renderer tests that need one to exist (sync, search, projection): Port Alder, housing,
 * nobody on the team yet. Tests override only what they assert on, so the input is not copied file to file. */
export function newEngagement(overrides: Partial<NewEngagementInput> = {}): NewEngagementInput {
  return {
    city: 'Port Alder',
    state: 'MA',
    kind: 'direct',
    intensity: 'moderate',
    status: 'active',
    focusAreas: ['housing'],
    startDate: '2026-01-05',
    sponsor: 'Mayor Okafor',
    stakeholders: [],
    team: [],
    indicators: [],
    summary: '',
    ...overrides,
  };
}
