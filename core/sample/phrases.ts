import type { FocusArea } from '../schemas/index.ts';

/**
 * Phrase banks for the sample programme, written for Groundwork. Slots in braces are filled from the
 * engagement ({city}, {hood}, {street}, {dept}, {n}, {pct}, {year}, {gap}).
 */

/** Departments named inside sentences ("Audit overtime in the {dept}"). */
export const DEPARTMENTS = [
  'police department',
  'fire department',
  'public works department',
  'parks department',
  'sanitation division',
  'finance department',
  'building department',
  'water department',
] as const;

export const OWNERS: Record<FocusArea, readonly string[]> = {
  'operations-budget': [
    'Finance department',
    'Office of management and budget',
    'City administrator',
    'Human resources',
    'Purchasing office',
    'City council finance committee',
    'Treasurer-collector',
  ],
  'economic-development': [
    'Economic development office',
    'Redevelopment authority',
    'Downtown business improvement district',
    'Mayor’s office',
    'Chamber of commerce (partner)',
    'Community development corporation (partner)',
  ],
  'land-use': ['Planning department', 'Zoning board', 'Land bank', 'Assessor’s office', 'Building department'],
  transportation: ['Public works', 'Traffic engineering', 'Regional transit authority (partner)', 'Parking authority', 'Planning department'],
  'workforce-development': [
    'Workforce board (partner)',
    'Community college (partner)',
    'Economic development office',
    'Human resources',
    'School district (partner)',
  ],
  'community-development': ['Community development office', 'Parks and recreation', 'Neighborhood services', 'Mayor’s office', 'Library system'],
  housing: ['Code enforcement', 'Housing authority', 'Building department', 'Community development office', 'Land bank', 'Health department'],
  'public-safety': ['Police department', 'Fire department', 'Emergency management', 'City administrator', 'Municipal court'],
};

export const FINDING_NEEDS: Record<FocusArea, readonly string[]> = {
  'operations-budget': [
    'Structural gap of {gap} projected for next fiscal year',
    'Budget is built one year at a time with no multi-year forecast',
    'Department heads see budget-to-actual figures only at year end',
    'Unassigned fund balance below two weeks of spending',
    'Financial system relies on spreadsheets for payroll and grants',
    'Overtime in the {dept} runs well above budget',
    'Capital needs are listed but neither ranked nor funded',
    'Property tax collection rate has slipped to {pct}%',
    'Retiree health costs are growing faster than revenue',
    'Key finance positions have been vacant for most of the year',
  ],
  'economic-development': [
    'Close to one storefront in {pct_small} on {street} stands empty',
    'No single organization owns the downtown agenda',
    'Incentives are granted case by case with no written policy',
    'Anchor institutions buy little from local firms',
    'Permitting a small restaurant takes longer than in neighbouring towns',
    'Upper floors downtown are vacant and not up to code',
    'Business owners do not know whom to call at city hall',
  ],
  'land-use': [
    'Zoning code has not been updated in decades and blocks mixed use',
    'Tax-foreclosed lots sit in limbo without a clear owner',
    'Large surface parking lots break up the walkable core',
    'The waterfront is zoned for heavy industry no longer there',
  ],
  transportation: [
    'Crossings on {street} are long and unsignalized',
    'Bus service stops running before evening shifts end',
    'Sidewalk repairs follow complaints rather than condition',
    'Truck traffic routes through residential streets in {hood}',
  ],
  'workforce-development': [
    'Employers report open positions they cannot fill',
    'Training programmes are not matched to local hiring needs',
    'Residents of {hood} lack transport to the industrial park',
    'Young adults leave school without a path into the trades',
  ],
  'community-development': [
    'Residents in {hood} feel unheard by city hall',
    'Parks in {hood} lack lighting and programming',
    'Nonprofits compete for the same small grants',
    'Community meetings draw the same handful of people',
  ],
  housing: [
    '{n} vacant structures counted in {hood}',
    'Code enforcement responds only to complaints',
    'No vacant property registry holds owners accountable',
    'Open code cases older than 90 days have doubled',
    'Lead paint hazards visible on pre-1978 rental homes',
    'Overcrowded rental units in {hood}',
    'Homeowners cannot afford major repairs on older houses',
  ],
  'public-safety': [
    'Police overtime covers chronic patrol vacancies',
    'Fire apparatus is past its replacement age',
    'Calls for service are not analysed by location or time',
    'Dark vacant lots concentrate nuisance complaints',
  ],
};

export const FINDING_STRENGTHS: Record<FocusArea, readonly string[]> = {
  'operations-budget': ['Finance director respected across departments', 'Clean audits for the past three years', 'Council open to a multi-year plan'],
  'economic-development': [
    'University and hospital within walking distance of downtown',
    'Active chamber eager to lead',
    'Historic buildings with good bones on {street}',
  ],
  'land-use': ['Land bank already holds key parcels', 'Compact street grid in the core'],
  transportation: ['Regional transit agency willing to revise routes', 'Rail station within a short walk of downtown'],
  'workforce-development': ['Community college runs a respected machining programme', 'Large employers ready to co-design training'],
  'community-development': ['Strong faith-based network in {hood}', 'Library branches already used as community hubs'],
  housing: ['Housing authority has capacity to take on scattered sites', 'Strong block clubs in {hood}'],
  'public-safety': ['Community policing pilot well received in {hood}', 'Fire department has a current strategic plan'],
};

export const FINDING_DESCRIPTIONS = [
  'Seen during the {visit} on {date}. {detail}',
  'Raised by several people we met and confirmed on site. {detail}',
  'The figures shared by staff point the same way as what we saw. {detail}',
  'This came up in almost every conversation in the first weeks. {detail}',
] as const;

export const FINDING_DETAILS: Record<FocusArea, readonly string[]> = {
  'operations-budget': [
    'The adopted budget balances only by drawing down reserves and deferring maintenance.',
    'Staff rebuild the same reports by hand every month, which leaves little time for analysis.',
    'Without a forecast, council debates each year’s cuts without seeing the next three years.',
  ],
  'economic-development': [
    'Owners told us they would invest if they saw the city commit to the corridor.',
    'Several buildings changed hands recently, mostly to out-of-town owners.',
    'Foot traffic is steady at lunchtime and falls sharply after five.',
  ],
  'land-use': ['Parcels near the core are held for speculation and left idle.', 'Variances are routine, which shows the code no longer fits.'],
  transportation: ['Pedestrians cross mid-block because signals are far apart.', 'Shift workers rely on rides from family or walk along the highway.'],
  'workforce-development': ['Employers and trainers rarely meet.', 'Many residents cannot reach the jobs that exist.'],
  'community-development': ['Residents want to be involved but meetings happen during working hours.', 'Small groups do a lot with very little.'],
  housing: [
    'Absentee owners are hard to reach and rarely fined.',
    'Boarded houses cluster on the same few blocks.',
    'Repairs are often beyond what older owners can pay.',
  ],
  'public-safety': ['Shifts are covered by overtime, which wears staff down.', 'Data exists but nobody has time to map it.'],
};

/** Recommendation actions; a scope suffix varies them across a large engagement. */
export const ACTIONS: Record<FocusArea, readonly string[]> = {
  'operations-budget': [
    'Adopt a five-year financial forecast and refresh it every budget cycle',
    'Build a multi-year plan that closes the {gap} structural gap',
    'Set a fund balance policy of at least {pct_reserve}% of operating spending',
    'Send monthly budget-to-actual reports to every department head',
    'Replace the financial management system in phases, starting with payroll',
    'Fill the budget analyst positions before the next budget cycle',
    'Publish a plain-language guide to the budget for residents',
    'Review every fee and charge against the cost of the service',
    'Refinance outstanding bonds where savings exceed three percent',
    'Rank capital projects by condition, risk and cost in a capital improvement plan',
    'Negotiate retiree health contributions in the next contract round',
    'Consolidate purchasing under one procurement officer',
    'Audit overtime in the {dept} and set a cap per shift',
    'Run a collection drive on delinquent property tax accounts',
    'Tie a request for state fiscal stability aid to the multi-year plan',
    'Offer a menu of service levels that balances the budget over seven years',
    'Create a rainy-day fund funded from one-time revenue',
    'Share back-office services with the county and the school district',
  ],
  'economic-development': [
    'Name a lead local partner to carry the downtown strategy',
    'Start a facade improvement grant on {street}',
    'Write an incentive policy with clear criteria and clawbacks',
    'Set up a one-stop business desk at city hall',
    'Ask anchor institutions to commit to local purchasing targets',
    'Market upper-floor space on {street} for housing conversion',
    'Hold a quarterly round table with downtown property owners',
    'Fill vacant storefronts with pop-up tenants while leases are negotiated',
    'Prepare the {street} block for a developer solicitation',
    'Track storefront occupancy every quarter and publish it',
  ],
  'land-use': [
    'Update the zoning code to allow mixed use in the downtown core',
    'Give the land bank first claim on tax-foreclosed lots',
    'Rezone the waterfront for mixed use and public access',
    'Replace parking minimums downtown with maximums',
    'Adopt a lot-by-lot plan for vacant parcels in {hood}',
  ],
  transportation: [
    'Add signalized crossings on {street}',
    'Extend evening bus service to the industrial park',
    'Rank sidewalk repairs by condition survey, not by complaint',
    'Move truck routes out of {hood}',
    'Pilot a downtown parking district that reinvests meter revenue',
  ],
  'workforce-development': [
    'Build a workforce pipeline with the community college and the three largest employers',
    'Start a pre-apprenticeship programme in the building trades',
    'Run a shuttle from {hood} to the industrial park during shift changes',
    'Create a sector partnership for advanced manufacturing',
    'Open summer jobs in city departments to high school students',
  ],
  'community-development': [
    'Hold neighbourhood meetings in {hood} in the evening, with childcare',
    'Light and programme the park in {hood}',
    'Pool small grants into a shared fund for neighbourhood groups',
    'Set up a resident advisory board for the recommendations',
    'Publish progress on the recommendations online every quarter',
  ],
  housing: [
    'Create a vacant property registry with escalating fees',
    'Move code enforcement to proactive rental inspections',
    'Clear the backlog of open code cases older than 90 days',
    'Fund a home repair programme for owner-occupants in {hood}',
    'Target lead hazard control grants at pre-1978 rentals',
    'Set up a housing court docket for repeat violators',
    'Stabilize or demolish the worst vacant structures in {hood}',
    'Map vacancy, code cases and tax delinquency together',
  ],
  'public-safety': [
    'Fill patrol vacancies and reduce standing overtime in the police department',
    'Adopt a fire apparatus replacement schedule',
    'Analyse calls for service by place and time each month',
    'Light and secure vacant lots with the most nuisance calls',
    'Expand the community policing pilot to {hood}',
  ],
};

export const SCOPES = [
  '',
  '',
  '',
  ' in {hood}',
  ' for the {dept}',
  ' (pilot)',
  ' (citywide)',
  ' — phase {phase}',
  ' before FY{year}',
  ' with the county',
  ' starting with {street}',
] as const;

export const RATIONALE_OPENERS = [
  'What we found: {finding_lower}.',
  'It answers a finding from the {visit}: {finding_lower}.',
  'Staff and partners raised the same problem again and again: {finding_lower}.',
  'The numbers back up what people told us: {finding_lower}.',
] as const;

export const RATIONALE_WHY: Record<FocusArea, readonly string[]> = {
  'operations-budget': [
    'A longer horizon lets council weigh choices before they become emergencies.',
    'Predictable reports let department heads correct course mid-year instead of at year end.',
    'Rating agencies and the state look for exactly this kind of discipline.',
  ],
  'economic-development': [
    'A visible, named lead gives owners and investors one place to go.',
    'Small improvements on one block are more convincing than a plan for the whole downtown.',
    'Clear rules make the city a more predictable partner for private investment.',
  ],
  'land-use': ['The current rules push the kind of projects the city wants elsewhere.', 'Idle parcels cost the city revenue and invite dumping.'],
  transportation: ['Safer crossings are cheap and visible.', 'Reliable transport is what stands between many residents and a job.'],
  'workforce-development': ['Employers are hiring; the gap is in preparation and access.', 'Training tied to real openings has far better placement rates.'],
  'community-development': ['Trust grows when residents see their input acted on.', 'Small groups stretch every dollar they receive.'],
  housing: [
    'Owners respond to predictable, escalating consequences more than to one-off citations.',
    'Acting block by block keeps repaired homes from being dragged down by their neighbours.',
    'Lead exposure in young children has lifelong costs the city ends up carrying.',
  ],
  'public-safety': [
    'Chronic overtime is costly and wears down the people the city depends on.',
    'Data on where calls come from lets the department act before problems grow.',
  ],
};

export const RATIONALE_CLOSERS = [
  'Cities of similar size that took this step saw results within two budget cycles.',
  'The first step costs little and can start with existing staff.',
  'A modest investment now avoids larger costs later in the plan.',
  'This builds on work already started by the {owner}.',
  'It should be read together with the other recommendations in this focus area.',
  'Outside funding is available for part of the cost.',
] as const;

export const PROGRESS_NOTES: Record<'proposed' | 'accepted' | 'in-progress' | 'implemented' | 'declined' | 'note', readonly string[]> = {
  proposed: ['Presented to the mayor and cabinet.', 'Shared with council at the finance committee work session.', 'Included in the preliminary findings memo.'],
  accepted: [
    'The mayor agreed to take this on. Lead: {owner}.',
    'Council endorsed the recommendation in a unanimous vote.',
    'Accepted with a revised timeline. Lead: {owner}.',
  ],
  'in-progress': [
    'Work has started and a scope is drafted ({owner}).',
    'A working group met for the first time.',
    'Funding identified in the mid-year budget amendment.',
    'Request for proposals issued.',
  ],
  implemented: ['Completed and in use.', 'Adopted by council and in effect.', 'The first full cycle ran as planned.'],
  declined: [
    'Declined for now: the city will revisit after the next election.',
    'Not accepted; council preferred a different approach.',
    'Declined because the funding fell through.',
  ],
  note: [
    'Check-in call: on track.',
    'Delayed by staff turnover; new lead named.',
    'Progress reported at the quarterly review.',
    'Vendor selected; contract under negotiation.',
  ],
};

export const INTERNAL_NOTES = [
  'Council president is sceptical; brief him before the public meeting.',
  'Finance director asked us not to circulate the draft numbers yet.',
  'Union contract talks start in the spring; timing matters.',
  'Check the figure with the auditor before this goes in the report.',
  'Two departments claim this; settle ownership with the administrator.',
  'Sensitive: a council member owns property on this block.',
] as const;

export const INTERVIEW_NOTES = [
  'Spoke candidly about the budget and asked that specifics stay inside the team.',
  'Frustrated with past consultants: “we have a shelf full of plans”.',
  'Said the real bottleneck is the permit desk, not the code itself.',
  'Willing to convene employers if the city commits staff time.',
  'Worried that residents will read any change as a prelude to cuts.',
] as const;

export const OBSERVATIONS: Record<string, readonly string[]> = {
  'tpl-fiscal-health': [
    'Met with the finance director and budget staff in the second-floor conference room. The budget is assembled in a workbook passed between three people.',
    'Staff were open about the gap and had already listed one-time fixes used in past years.',
    'The last five years of audits were available on request; the capital plan was a list without costs.',
    'Department heads described learning of cuts at the same time as the public.',
  ],
  'tpl-downtown-walk': [
    'Walked {street} from the square to the river with the economic development director and two property owners.',
    'Lunchtime traffic was steady; most customers came from the hospital and the courthouse.',
    'Several buildings show recent investment next to boarded neighbours.',
    'Parking lots take up most of two blocks behind {street}.',
  ],
  'tpl-housing-conditions': [
    'Surveyed {hood} block by block with the code enforcement manager.',
    'Most houses are two-family frames built before 1940; porches and roofs are the common failures.',
    'Boarded houses cluster near the rail line. Neighbours keep several vacant lots mown themselves.',
    'Met two block club leaders who track problem properties on a shared list.',
  ],
  'tpl-stakeholder-interview': [
    'Interview held at the interviewee’s office; about an hour.',
    'Conversation ranged wider than the guide; notes follow the guide’s order.',
    'The interviewee brought documents and offered more after the meeting.',
  ],
};

export const TEXT_ANSWERS: Record<string, readonly string[]> = {
  'fh-obligations-notes': [
    'Pension funded ratio has slipped each year; the city pays the full actuarial contribution only in good years.',
    'Retiree health is pay-as-you-go; no trust fund has been set up.',
    'Deferred maintenance on two fire stations and city hall roof is the largest unfunded item.',
  ],
  'fh-strengths': [
    'A finance director trusted by council, clean audits, and a mayor willing to talk about hard choices in public.',
    'Staff know the numbers well and want better tools.',
  ],
  'fh-risks': [
    'Reliance on one-time revenue, rising pension costs and an expiring state aid formula.',
    'Loss of the largest taxpayer would open a gap the reserves cannot cover.',
  ],
  'dt-public-space': [
    'The square is busy at lunch and empty by six; benches were removed years ago.',
    'A pocket park on the corner is used mostly as a shortcut.',
  ],
  'dt-opportunities': [
    'The former department store on the square, the surface lot behind the bank, and the upper floors along the 200 block.',
    'A vacant school near the station could anchor a mixed-use block.',
  ],
  'hc-enforcement-notes': [
    'Complaints come in by phone and are written on paper slips; inspectors re-enter them at night.',
    'Cases stall at the hand-off to the law department, which has one attorney for all code matters.',
  ],
  'hc-summary': [
    'Conditions are worst on blocks near the rail line, but strong block clubs keep neighbouring streets stable.',
    'Most problems are deferred maintenance by owners who cannot afford repairs rather than neglect.',
  ],
  'si-organization': [
    'Public works',
    'Chamber of commerce',
    'Eastside Community Development Corporation (fictional)',
    'City council',
    'Regional hospital',
    'Workforce board',
  ],
  'si-top-concern': [
    'That the city keeps balancing the budget by delaying maintenance.',
    'That good jobs exist but residents cannot reach them.',
    'That vacant houses are pulling down whole blocks.',
    'That people have stopped believing city hall will follow through.',
  ],
  'si-ideas-text': [
    'Start with one block and make it visibly better.',
    'Publish the budget in a form people can read.',
    'Bring employers and the college to the same table.',
  ],
  'si-quotes': [
    '“We do not need another study; we need someone to own this.”',
    '“Every year we cut the same line and every year it comes back bigger.”',
    '“If you fix the corner, the rest of the block follows.”',
  ],
  'si-follow-up': ['Send the draft forecast; they promised last year’s overtime report.', 'Connect them with the workforce board director.'],
};

export const VISIT_TITLES: Record<string, readonly string[]> = {
  'tpl-fiscal-health': [
    'Finance office review with the budget team',
    'Budget process walk-through',
    'Capital plan and debt review',
    'Mid-year budget check-in',
  ],
  'tpl-downtown-walk': [
    'Site walk: {street} corridor',
    'Downtown walk with property owners',
    'Evening walk of the downtown core',
    'Waterfront and mill district walk',
  ],
  'tpl-housing-conditions': ['Housing survey: {hood}', 'Block-by-block survey with code enforcement in {hood}', 'Vacant property tour in {hood}'],
  'tpl-stakeholder-interview': ['Interview: {official}', 'Conversation with the {official_lower}', 'Stakeholder interview — {official}'],
};
