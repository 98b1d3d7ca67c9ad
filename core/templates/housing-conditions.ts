import type { TemplateInput } from './types.ts';

/** A windshield-and-sidewalk survey of one neighbourhood's housing stock, with code enforcement in mind. */
export const HOUSING_CONDITIONS: TemplateInput = {
  id: 'tpl-housing-conditions',
  name: 'Housing conditions survey',
  description:
    'A neighbourhood survey of housing conditions: the state of the stock, vacancy and abandonment, how code enforcement works in practice, and the tenure and affordability picture behind it.',
  focusAreas: ['housing', 'community-development', 'land-use'],
  version: 1,
  builtIn: true,
  sections: [
    {
      id: 'hc-area',
      title: 'Survey area',
      questions: [
        { id: 'hc-parcels', kind: 'number', label: 'Residential parcels surveyed', unit: 'parcels', min: 1, max: 5000, required: true, focusArea: 'housing' },
        {
          id: 'hc-building-types',
          kind: 'multiple',
          label: 'Building types on the blocks surveyed',
          options: ['Single-family detached', 'Two- to four-family', 'Row houses', 'Small apartment buildings', 'Large multifamily', 'Manufactured homes'],
          focusArea: 'housing',
        },
        {
          id: 'hc-era',
          kind: 'single',
          label: 'Most homes were built…',
          options: ['Before 1940', '1940–1979', '1980–1999', '2000 or later'],
          focusArea: 'housing',
        },
      ],
    },
    {
      id: 'hc-condition',
      title: 'Condition of the stock',
      questions: [
        {
          id: 'hc-exterior',
          kind: 'rating',
          label: 'Overall exterior condition (roofs, porches, siding)',
          lowLabel: 'Severe distress',
          highLabel: 'Sound',
          required: true,
          focusArea: 'housing',
        },
        { id: 'hc-lead-risk', kind: 'yesno', label: 'Are peeling paint or other lead hazards visible on pre-1978 homes?', focusArea: 'housing' },
        { id: 'hc-major-repair', kind: 'number', label: 'Structures needing major repair', unit: 'structures', min: 0, max: 5000, focusArea: 'housing' },
        { id: 'hc-condition-photo', kind: 'photo', label: 'Photos of representative blocks, good and poor', focusArea: 'housing' },
      ],
    },
    {
      id: 'hc-vacancy',
      title: 'Vacancy and abandonment',
      questions: [
        {
          id: 'hc-vacant-structures',
          kind: 'number',
          label: 'Vacant or boarded structures',
          unit: 'structures',
          min: 0,
          max: 5000,
          required: true,
          focusArea: 'housing',
        },
        { id: 'hc-vacant-lots', kind: 'number', label: 'Vacant lots', unit: 'lots', min: 0, max: 5000, focusArea: 'land-use' },
        { id: 'hc-registry', kind: 'yesno', label: 'Does the city keep a vacant property registry that owners must join?', focusArea: 'housing' },
        {
          id: 'hc-land-bank',
          kind: 'single',
          label: 'Who takes title to tax-foreclosed property?',
          options: ['A land bank', 'The city', 'The county', 'Sold at tax sale', 'Unclear'],
          focusArea: 'land-use',
        },
      ],
    },
    {
      id: 'hc-enforcement',
      title: 'Code enforcement',
      questions: [
        { id: 'hc-proactive', kind: 'yesno', label: 'Are rental units inspected on a schedule rather than only on complaint?', focusArea: 'housing' },
        {
          id: 'hc-enforcement-rating',
          kind: 'rating',
          label: 'How effective is code enforcement at getting repairs made?',
          lowLabel: 'Citations ignored',
          highLabel: 'Repairs follow',
          focusArea: 'housing',
        },
        { id: 'hc-backlog', kind: 'number', label: 'Open code cases older than 90 days', unit: 'cases', min: 0, max: 100000, focusArea: 'housing' },
        {
          id: 'hc-enforcement-notes',
          kind: 'text',
          label: 'How a complaint travels from call to resolution',
          placeholder: 'Steps, hand-offs, where cases stall',
        },
      ],
    },
    {
      id: 'hc-tenure',
      title: 'Tenure and affordability',
      questions: [
        {
          id: 'hc-tenure-mix',
          kind: 'single',
          label: 'The blocks surveyed are mostly…',
          options: ['Owner-occupied', 'Renter-occupied', 'About even', 'Mostly vacant'],
          focusArea: 'housing',
        },
        {
          id: 'hc-programmes',
          kind: 'multiple',
          label: 'Programmes residents mentioned using',
          options: ['Home repair grants', 'Down-payment help', 'Rental assistance', 'Weatherization', 'Legal aid for tenants'],
          focusArea: 'community-development',
        },
        { id: 'hc-summary', kind: 'text', label: 'What stood out on this survey', required: true, focusArea: 'housing' },
      ],
    },
  ],
};
