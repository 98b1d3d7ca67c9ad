import { Template } from '../schemas/index.ts';
import { DOWNTOWN_SITE_WALK } from './downtown-site-walk.ts';
import { FISCAL_HEALTH } from './fiscal-health.ts';
import { HOUSING_CONDITIONS } from './housing-conditions.ts';
import { STAKEHOLDER_INTERVIEW } from './stakeholder-interview.ts';

export type { TemplateInput } from './types.ts';

/** The templates every install starts with, parsed so defaults are filled in. Ids are stable across releases. */
export const BUILT_IN_TEMPLATES: Template[] = [FISCAL_HEALTH, DOWNTOWN_SITE_WALK, HOUSING_CONDITIONS, STAKEHOLDER_INTERVIEW].map((t) => Template.parse(t));

export function builtInTemplate(id: string): Template | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}

export const TEMPLATE_IDS = {
  fiscalHealth: 'tpl-fiscal-health',
  downtownWalk: 'tpl-downtown-walk',
  housingConditions: 'tpl-housing-conditions',
  stakeholderInterview: 'tpl-stakeholder-interview',
} as const;
