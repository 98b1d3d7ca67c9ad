import type { TemplateInput } from './types.ts';

/**
 * A semi-structured interview with a department head, council member, partner or resident. Answers
 * here are interview notes: internal to the team, never printed in the public report.
 */
export const STAKEHOLDER_INTERVIEW: TemplateInput = {
  id: 'tpl-stakeholder-interview',
  name: 'Stakeholder interview',
  description:
    'A semi-structured conversation with someone who knows the city from the inside. Notes and quotes are internal to the team: they inform findings but are never published as they were said.',
  focusAreas: ['operations-budget', 'economic-development', 'community-development'],
  version: 1,
  builtIn: true,
  sections: [
    {
      id: 'si-who',
      title: 'Interviewee',
      questions: [
        {
          id: 'si-role',
          kind: 'single',
          label: 'Interviewee’s role',
          options: [
            'Elected official',
            'City department head',
            'City staff',
            'Business owner or employer',
            'Nonprofit or community leader',
            'Resident',
            'Regional or state partner',
          ],
          required: true,
        },
        { id: 'si-organization', kind: 'text', label: 'Organization or department', required: true },
        { id: 'si-years', kind: 'number', label: 'Years in the city or in this role', unit: 'years', min: 0, max: 80 },
        { id: 'si-on-record', kind: 'yesno', label: 'Did the interviewee agree to be named in the team’s notes?', required: true },
      ],
    },
    {
      id: 'si-concerns',
      title: 'Key concerns',
      questions: [
        {
          id: 'si-concern-areas',
          kind: 'multiple',
          label: 'Which areas did the interviewee raise unprompted?',
          options: [
            'Budget and taxes',
            'Jobs and training',
            'Downtown and business',
            'Housing and blight',
            'Public safety',
            'Transportation',
            'Schools',
            'Trust in city hall',
          ],
          required: true,
        },
        { id: 'si-top-concern', kind: 'text', label: 'The concern they returned to most', required: true },
        { id: 'si-outlook', kind: 'rating', label: 'How hopeful are they about the city’s direction?', lowLabel: 'Discouraged', highLabel: 'Optimistic' },
        {
          id: 'si-city-hall',
          kind: 'rating',
          label: 'How well do they think city hall works with partners like them?',
          lowLabel: 'Not at all',
          highLabel: 'Very well',
          focusArea: 'operations-budget',
        },
      ],
    },
    {
      id: 'si-ideas',
      title: 'Ideas and commitments',
      questions: [
        { id: 'si-ideas-text', kind: 'text', label: 'Ideas they would try first' },
        { id: 'si-will-help', kind: 'yesno', label: 'Would they take part in a working group on the recommendations?' },
        {
          id: 'si-resources',
          kind: 'multiple',
          label: 'What could their organization bring?',
          options: ['Staff time', 'Funding', 'Data', 'Meeting space', 'Relationships with residents', 'Nothing for now'],
        },
      ],
    },
    {
      id: 'si-record',
      title: 'Quotes and follow-up',
      questions: [
        { id: 'si-quotes', kind: 'text', label: 'Quotes worth keeping (internal only)', help: 'Word for word where you can. These stay inside the team.' },
        { id: 'si-follow-up', kind: 'text', label: 'Documents promised and follow-up owed' },
        {
          id: 'si-whiteboard',
          kind: 'photo',
          label: 'Photo of anything drawn or shared during the interview',
          help: 'A whiteboard sketch or a handout — not the interviewee.',
        },
      ],
    },
  ],
};
