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
  | { name: 'history'; id: string }
  | { name: 'templates' }
  | { name: 'template'; templateId: string }
  | { name: 'settings' }
  | { name: 'review' }
  | { name: 'portfolio' }
  // #7 knowledge: 311 requests, the resource library, peer cities, global search.
  | { name: 'requests'; view: 'inbox' | 'board' }
  | { name: 'request'; requestId: string }
  | { name: 'library' }
  | { name: 'library-item'; itemId: string }
  | { name: 'peers' }
  | { name: 'search'; q: string }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d] = parts;
  if (!a) return { name: 'engagements' };
  if (a === 'templates') return b ? { name: 'template', templateId: b } : { name: 'templates' };
  if (a === 'settings') return { name: 'settings' };
  if (a === 'requests')
    return b === 'board' ? { name: 'requests', view: 'board' } : b ? { name: 'request', requestId: b } : { name: 'requests', view: 'inbox' };
  if (a === 'library') return b ? { name: 'library-item', itemId: b } : { name: 'library' };
  if (a === 'peers') return { name: 'peers' };
  if (a.startsWith('search')) return { name: 'search', q: new URLSearchParams(path.split('?')[1] ?? '').get('q') ?? '' };
  if (a === 'review') return { name: 'review' };
  if (a === 'portfolio') return { name: 'portfolio' };
  if (a === 'e' && b) {
    if (!c) return { name: 'engagement', id: b, tab: 'overview' };
    if (c === 'visits' && d) return { name: 'visit', id: b, visitId: d };
    if (c === 'findings' && d) return { name: 'finding', id: b, findingId: d };
    if (c === 'recommendations' && d) return { name: 'recommendation', id: b, recId: d };
    if (c === 'history') return { name: 'history', id: b };
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
  history: (id: string) => `#/e/${encodeURIComponent(id)}/history`,
  templates: () => '#/templates',
  template: (id: string) => `#/templates/${encodeURIComponent(id)}`,
  settings: () => '#/settings',
  review: () => '#/review',
  portfolio: () => '#/portfolio',
  requests: (view: 'inbox' | 'board' = 'inbox') => (view === 'board' ? '#/requests/board' : '#/requests'),
  request: (id: string) => `#/requests/${encodeURIComponent(id)}`,
  library: () => '#/library',
  libraryItem: (id: string) => `#/library/${encodeURIComponent(id)}`,
  peers: () => '#/peers',
  search: (q = '') => (q ? `#/search?q=${encodeURIComponent(q)}` : '#/search'),
};

/** Mounted useRoute hooks, told synchronously by navigate (see there). */
const routeListeners = new Set<() => void>();

/**
 * Goes to `to`. The route hooks are told at once, not only by the `hashchange` event (which fires after this
 * handler returns): a handler that changes data and navigates — delete a recommendation, then go to the list — has
 * both rendered together, instead of the old screen first showing the change for a frame ("This recommendation no
 * longer exists" after your own delete).
 */
export function navigate(to: string) {
  if (window.location.hash === to) return;
  window.location.hash = to;
  for (const on of routeListeners) on();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    // A route equal to the current one keeps the same state object (no re-render when hashchange follows navigate).
    const on = () =>
      setRoute((current) => {
        const next = parseRoute(window.location.hash);
        return JSON.stringify(next) === JSON.stringify(current) ? current : next;
      });
    window.addEventListener('hashchange', on);
    routeListeners.add(on);
    return () => {
      window.removeEventListener('hashchange', on);
      routeListeners.delete(on);
    };
  }, []);
  return route;
}
