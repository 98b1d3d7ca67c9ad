import type { SearchKind } from '../../data/search-index.ts';
import type { IconName } from '../../ui/icons.tsx';

export const KIND_LABELS: Record<SearchKind, string> = {
  engagement: 'Engagement',
  visit: 'Visit',
  finding: 'Finding',
  recommendation: 'Recommendation',
  comment: 'Comment',
  request: '311 request',
  library: 'Library',
};

export const KIND_PLURALS: Record<SearchKind, string> = {
  engagement: 'Engagements',
  visit: 'Visits',
  finding: 'Findings',
  recommendation: 'Recommendations',
  comment: 'Comments',
  request: 'Requests',
  library: 'Library',
};

export const KIND_ICONS: Record<SearchKind, IconName> = {
  engagement: 'building',
  visit: 'clipboard',
  finding: 'flag',
  recommendation: 'lightbulb',
  comment: 'list',
  request: 'users',
  library: 'file',
};

/** Status words of every kind, as people read them (search results and the status filter). */
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  proposed: 'Proposed',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  implemented: 'Implemented',
  declined: 'Declined',
  'pre-assessment': 'Pre-assessment',
  active: 'Active',
  continuation: 'Continuation',
  closed: 'Closed',
  new: 'New',
  triaged: 'Triaged',
  assigned: 'Assigned',
  answered: 'Answered',
  published: 'Published',
  open: 'Open',
  resolved: 'Resolved',
  current: 'Current',
  featured: 'Featured',
  archived: 'Archived',
};
export const statusLabel = (s: string) => STATUS_LABELS[s] ?? s;
