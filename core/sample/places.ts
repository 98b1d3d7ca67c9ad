import type { FocusArea } from '../schemas/index.ts';

/** Fictional cities in real states; coordinates are plausible for the state, not any real city hall. */
export interface CitySeed {
  key: string;
  city: string;
  state: string;
  lat: number;
  lng: number;
  kind: 'direct' | '311' | 'peer';
  intensity: 'light' | 'moderate' | 'intensive';
  status: 'pre-assessment' | 'active' | 'continuation' | 'closed';
  focusAreas: FocusArea[];
  /** Engagement start, in days before `today`. */
  startedDaysAgo: number;
  lengthDays: number;
  /** Share of the programme's recommendations and visits. */
  recommendations: number;
  visits: number;
  photos: number;
  neighbourhoods: string[];
  streets: string[];
  sponsorTitle: string;
  summary: string;
}

export const CITIES: readonly CitySeed[] = [
  {
    key: 'port-alder',
    city: 'Port Alder',
    state: 'MA',
    lat: 41.712,
    lng: -71.104,
    kind: 'direct',
    intensity: 'intensive',
    status: 'active',
    focusAreas: ['operations-budget', 'economic-development', 'housing', 'workforce-development'],
    startedDaysAgo: 240,
    lengthDays: 365,
    recommendations: 320,
    visits: 16,
    photos: 7,
    neighbourhoods: ['Flint Hill', 'the South End', 'Harbor Point', 'Lower Highlands', 'Maplewood'],
    streets: ['Water Street', 'Pleasant Street', 'Bedford Avenue', 'Quarry Street', 'Mill Road', 'Rodman Street', 'Second Street'],
    sponsorTitle: 'Mayor',
    summary:
      'A former textile city of about 88,000 facing a recurring structural deficit, an aging mill district and a workforce that has not shared in the region’s recovery. The team works with the mayor’s office and the finance department on a multi-year fiscal plan, and with the redevelopment authority on the waterfront and the mill district.',
  },
  {
    key: 'calloway-springs',
    city: 'Calloway Springs',
    state: 'MS',
    lat: 32.36,
    lng: -88.69,
    kind: 'direct',
    intensity: 'moderate',
    status: 'continuation',
    focusAreas: ['operations-budget', 'public-safety', 'community-development'],
    startedDaysAgo: 420,
    lengthDays: 300,
    recommendations: 64,
    visits: 10,
    photos: 5,
    neighbourhoods: ['Eastgate', 'Pine Bluff', 'Depot Hill', 'College Park'],
    streets: ['Front Street', 'Magnolia Avenue', 'Poplar Street', 'Church Street', 'Eighth Avenue'],
    sponsorTitle: 'City administrator',
    summary:
      'A county seat of 36,000 whose revenue fell with the closure of two plants. The engagement focused on the general fund, police and fire overtime, and a plan to bring vacant houses near the old depot back into use. The city is now carrying out the plan with light support from the team.',
  },
  {
    key: 'new-harlow',
    city: 'New Harlow',
    state: 'PA',
    lat: 41.41,
    lng: -75.66,
    kind: 'direct',
    intensity: 'moderate',
    status: 'closed',
    focusAreas: ['economic-development', 'land-use', 'transportation'],
    startedDaysAgo: 640,
    lengthDays: 270,
    recommendations: 48,
    visits: 8,
    photos: 5,
    neighbourhoods: ['Downtown', 'the Flats', 'North Harlow', 'Tripp Park'],
    streets: ['Lackawanna Avenue', 'Penn Street', 'Spruce Street', 'Linden Street', 'Wyoming Avenue'],
    sponsorTitle: 'Director of economic development',
    summary:
      'A downtown strategy for a city of 74,000 that lost its department stores but kept a university and a hospital within walking distance of the square. The strategy names a lead local partner and a short list of catalytic sites.',
  },
  {
    key: 'elk-prairie',
    city: 'Elk Prairie',
    state: 'IN',
    lat: 40.1,
    lng: -85.68,
    kind: 'peer',
    intensity: 'light',
    status: 'active',
    focusAreas: ['housing', 'workforce-development'],
    startedDaysAgo: 90,
    lengthDays: 180,
    recommendations: 30,
    visits: 6,
    photos: 4,
    neighbourhoods: ['Westside', 'Shadeland', 'the Meridian corridor'],
    streets: ['Meridian Street', 'Jackson Street', 'Delaware Street', 'Scatterfield Road'],
    sponsorTitle: 'Deputy mayor',
    summary:
      'A peer exchange with two other mid-sized Midwestern cities on vacant housing and on linking residents to manufacturing jobs, with site visits in each city.',
  },
  {
    key: 'san-lucero',
    city: 'San Lucero',
    state: 'CA',
    lat: 36.68,
    lng: -121.63,
    kind: '311',
    intensity: 'light',
    status: 'pre-assessment',
    focusAreas: ['operations-budget', 'housing'],
    startedDaysAgo: 20,
    lengthDays: 120,
    recommendations: 14,
    visits: 4,
    photos: 3,
    neighbourhoods: ['Alisal Heights', 'Old Town', 'Creekside'],
    streets: ['Main Street', 'Alvarado Avenue', 'Market Way', 'Sanborn Road'],
    sponsorTitle: 'Finance director',
    summary:
      'A question from the finance director about closing a deficit without cutting public safety, which grew into a short assessment of the budget and of code enforcement for overcrowded rental housing.',
  },
];

export const FIRST_NAMES = [
  'Avery',
  'Bianca',
  'Caleb',
  'Dolores',
  'Emeka',
  'Farah',
  'Gideon',
  'Hana',
  'Ignacio',
  'Joanna',
  'Kwame',
  'Lorna',
  'Marcus',
  'Nadia',
  'Oren',
  'Priya',
  'Quentin',
  'Rosalind',
  'Soren',
  'Tamsin',
  'Umar',
  'Valeria',
  'Wendell',
  'Ximena',
  'Yusuf',
  'Zelda',
  'Ada',
  'Bram',
  'Celeste',
  'Desmond',
  'Esther',
  'Felix',
  'Greta',
  'Hollis',
  'Imogen',
  'Jasper',
] as const;
export const LAST_NAMES = [
  'Abernathy',
  'Baptiste',
  'Castellanos',
  'Drummond',
  'Eckhart',
  'Fairweather',
  'Galloway',
  'Huxtable',
  'Ibarra',
  'Janssen',
  'Kowalczyk',
  'Lindqvist',
  'Mbeki',
  'Nakashima',
  'Okonkwo',
  'Pemberton',
  'Quintero',
  'Rasmussen',
  'Sutherland',
  'Thibodeaux',
  'Underhill',
  'Vasquez',
  'Whitcombe',
  'Yarborough',
  'Zielinski',
  'Ashgrove',
  'Bellweather',
  'Corrigan',
  'Delacroix',
  'Ellsworth',
] as const;

export const EXPERT_ORGS = [
  'Groundwork Field Team',
  'Municipal Finance Partners (fictional)',
  'Civic Land Institute (fictional)',
  'Main Street Practice Group (fictional)',
  'Regional Workforce Collaborative (fictional)',
] as const;

/** City officials met on visits, by title. */
export const OFFICIAL_TITLES = [
  'Mayor',
  'City administrator',
  'Finance director',
  'Budget manager',
  'Police chief',
  'Fire chief',
  'Director of public works',
  'Director of planning',
  'Code enforcement manager',
  'Housing authority director',
  'Economic development director',
  'Council president',
  'Council member',
  'Superintendent of schools',
  'Workforce board director',
  'Chamber of commerce president',
  'Community development corporation director',
  'Hospital community relations lead',
  'Tenant organizer',
  'Small business owner',
] as const;
