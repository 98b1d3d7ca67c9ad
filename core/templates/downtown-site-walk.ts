import type { TemplateInput } from './types.ts';

/** Walking the main commercial corridor with the economic development director and a local partner. */
export const DOWNTOWN_SITE_WALK: TemplateInput = {
  id: 'tpl-downtown-walk',
  name: 'Downtown & economic development site walk',
  description:
    'For walking a downtown or commercial corridor block by block: storefront occupancy, the public realm, access and parking, and who locally could lead a downtown strategy once the team has gone.',
  focusAreas: ['economic-development', 'land-use', 'transportation'],
  version: 1,
  builtIn: true,
  sections: [
    {
      id: 'dt-storefronts',
      title: 'Storefronts and occupancy',
      questions: [
        {
          id: 'dt-storefronts-counted',
          kind: 'number',
          label: 'Ground-floor storefronts counted on the walk',
          unit: 'storefronts',
          min: 0,
          max: 1000,
          required: true,
          focusArea: 'economic-development',
        },
        {
          id: 'dt-vacant',
          kind: 'number',
          label: 'Of those, vacant or shuttered',
          unit: 'storefronts',
          min: 0,
          max: 1000,
          required: true,
          focusArea: 'economic-development',
        },
        {
          id: 'dt-business-mix',
          kind: 'multiple',
          label: 'Which kinds of business are present?',
          options: ['Restaurants and cafés', 'Personal services', 'Retail', 'Offices', 'Civic or nonprofit', 'Places of worship', 'Light industry'],
          focusArea: 'economic-development',
        },
        {
          id: 'dt-upper-floors',
          kind: 'single',
          label: 'Upper floors along the corridor are mostly…',
          options: ['In use as housing', 'In use as offices', 'Vacant', 'Mixed', 'Could not tell'],
          focusArea: 'land-use',
        },
        { id: 'dt-facades-photo', kind: 'photo', label: 'Photos of typical facades, including the weakest block', focusArea: 'economic-development' },
      ],
    },
    {
      id: 'dt-public-realm',
      title: 'Public realm',
      questions: [
        {
          id: 'dt-sidewalks',
          kind: 'rating',
          label: 'Condition of sidewalks and crossings',
          lowLabel: 'Broken, unsafe',
          highLabel: 'Well kept',
          required: true,
          focusArea: 'transportation',
        },
        {
          id: 'dt-lighting',
          kind: 'rating',
          label: 'Street lighting and sense of safety after dark',
          lowLabel: 'Dark, uneasy',
          highLabel: 'Bright, busy',
          focusArea: 'public-safety',
        },
        { id: 'dt-litter', kind: 'yesno', label: 'Is there a regular cleaning or ambassador programme?', focusArea: 'economic-development' },
        { id: 'dt-public-space', kind: 'text', label: 'Plazas, parks or gathering places and how they are used', placeholder: 'Who was there, at what time' },
      ],
    },
    {
      id: 'dt-access',
      title: 'Access and parking',
      questions: [
        { id: 'dt-transit', kind: 'yesno', label: 'Does a bus or rail line stop within a five-minute walk of the core?', focusArea: 'transportation' },
        {
          id: 'dt-parking',
          kind: 'single',
          label: 'Parking is…',
          options: ['Hard to find', 'About right', 'Plentiful, much of it empty', 'Dominates the streetscape'],
          focusArea: 'transportation',
        },
        {
          id: 'dt-walkability',
          kind: 'rating',
          label: 'How comfortable is it to walk between the anchors?',
          lowLabel: 'Car-only',
          highLabel: 'Easy stroll',
          focusArea: 'transportation',
        },
      ],
    },
    {
      id: 'dt-partners',
      title: 'Partners and capacity',
      questions: [
        {
          id: 'dt-lead-partner',
          kind: 'single',
          label: 'Who could lead a downtown strategy locally?',
          options: [
            'Business improvement district',
            'Chamber of commerce',
            'Community development corporation',
            'Anchor institution',
            'City staff only',
            'No one yet',
          ],
          required: true,
          focusArea: 'economic-development',
        },
        {
          id: 'dt-incentives',
          kind: 'multiple',
          label: 'Which tools does the city already use?',
          options: ['Facade grants', 'Tax abatements', 'Tax increment financing', 'Opportunity zone outreach', 'Small business loans', 'None'],
          focusArea: 'economic-development',
        },
        {
          id: 'dt-anchor-interest',
          kind: 'rating',
          label: 'Interest shown by anchor institutions (hospital, college, employers)',
          lowLabel: 'None',
          highLabel: 'Committed',
          focusArea: 'economic-development',
        },
        { id: 'dt-opportunities', kind: 'text', label: 'Sites and opportunities worth a closer look', required: true, focusArea: 'economic-development' },
      ],
    },
  ],
};
