import { useEffect, useState } from 'react';

/**
 * Hash routes (#/e/ID/visits/VID): they work unchanged under Electron's app:// protocol, a static web
 * build and a persistent browser profile, with no server-side fallback to configure. See docs/adr/0003.
 */
export type Route =
  | { name: 'engagements' }
  | { name: 'engagement'; id: string; tab: 'overview' | 'visits' | 'findings' | 'recommendations' }
  | { name: 'visit'; id: string; visitId: string }
  | { name: 'finding'; id: string; findingId: string }
  | { name: 'recommendation'; id: string; recId: string }
  | { name: 'templates' }
  | { name: 'template'; templateId: string }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d] = parts;
  if (!a) return { name: 'engagements' };
  if (a === 'templates') return b ? { name: 'template', templateId: b } : { name: 'templates' };
  if (a === 'settings') return { name: 'settings' };
  if (a === 'e' && b) {
    if (!c) return { name: 'engagement', id: b, tab: 'overview' };
    if (c === 'visits' && d) return { name: 'visit', id: b, visitId: d };
    if (c === 'findings' && d) return { name: 'finding', id: b, findingId: d };
    if (c === 'recommendations' && d) return { name: 'recommendation', id: b, recId: d };
    if (c === 'overview' || c === 'visits' || c === 'findings' || c === 'recommendations') return { name: 'engagement', id: b, tab: c };
  }
  return { name: 'not-found', path };
}

export const href = {
  engagements: () => '#/',
  engagement: (id: string, tab: 'overview' | 'visits' | 'findings' | 'recommendations' = 'overview') => `#/e/${encodeURIComponent(id)}/${tab}`,
  visit: (id: string, visitId: string) => `#/e/${encodeURIComponent(id)}/visits/${encodeURIComponent(visitId)}`,
  finding: (id: string, findingId: string) => `#/e/${encodeURIComponent(id)}/findings/${encodeURIComponent(findingId)}`,
  recommendation: (id: string, recId: string) => `#/e/${encodeURIComponent(id)}/recommendations/${encodeURIComponent(recId)}`,
  templates: () => '#/templates',
  template: (id: string) => `#/templates/${encodeURIComponent(id)}`,
  settings: () => '#/settings',
};

export function navigate(to: string) {
  if (window.location.hash !== to) window.location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
