import * as Y from 'yjs';
import { initEngagementDoc, type NewEngagement, type WriteContext } from '#core/model/write.ts';
import type { Template } from '#core/schemas/index.ts';

/** A write context with a fixed clock, so stamps are predictable. */
export function ctxAt(author: string, iso = '2025-01-15T10:00:00.000Z'): WriteContext {
  return { author, now: () => new Date(iso) };
}

export function engagementInput(overrides: Partial<NewEngagement> = {}): NewEngagement {
  return {
    id: 'eng-test',
    city: 'Port Alder',
    state: 'MA',
    kind: 'direct',
    intensity: 'moderate',
    focusAreas: ['operations-budget', 'housing'],
    status: 'active',
    startDate: '2025-01-06',
    endDate: '2025-09-30',
    sponsor: 'Mayor Test',
    stakeholders: ['Finance director'],
    team: [{ id: 'p-lead', name: 'Lena Lead', role: 'lead' }],
    summary: 'A fiscal plan and a housing survey.',
    indicators: [{ id: 'ind-u', name: 'Unemployment rate', value: 7.2, unit: '%', source: 'BLS', asOf: '2024-12-01' }],
    ...overrides,
  };
}

export function newEngagementDoc(author = 'p-lead', overrides: Partial<NewEngagement> = {}): Y.Doc {
  const doc = new Y.Doc();
  initEngagementDoc(doc, ctxAt(author, '2025-01-06T09:00:00.000Z'), engagementInput(overrides));
  return doc;
}

export const tinyTemplate: Template = {
  id: 'tpl-tiny',
  name: 'Tiny',
  description: '',
  focusAreas: ['housing'],
  version: 1,
  builtIn: false,
  sections: [
    {
      id: 's-1',
      title: 'Conditions',
      questions: [
        { id: 'q-rating', kind: 'rating', label: 'Exterior condition', required: true, lowLabel: 'Poor', highLabel: 'Good' },
        { id: 'q-yesno', kind: 'yesno', label: 'Registry in place?', required: false },
        { id: 'q-number', kind: 'number', label: 'Vacant structures', unit: 'structures', min: 0, max: 500, required: true },
      ],
    },
    {
      id: 's-2',
      title: 'Notes and photos',
      questions: [
        { id: 'q-single', kind: 'single', label: 'Tenure', options: ['Owners', 'Renters'], required: false },
        { id: 'q-multiple', kind: 'multiple', label: 'Programmes', options: ['Repair grants', 'Rental aid', 'Weatherization'], required: false },
        { id: 'q-text', kind: 'text', label: 'What stood out', required: true },
        { id: 'q-photo', kind: 'photo', label: 'Photos of the block', required: true },
      ],
    },
  ],
};

export function visitInput(overrides: Record<string, unknown> = {}) {
  return { id: 'vis-1', title: 'Housing survey: Flint Hill', date: '2025-01-20', template: tinyTemplate, answers: {}, ...overrides };
}

export const SHA_A = 'a'.repeat(64);
