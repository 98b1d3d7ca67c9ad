import type { ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { href, type Route } from '../../app/router.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Icon } from '../../ui/icons.tsx';
import { RequestsPage } from '../requests/RequestsPage.tsx';
import { RequestPage } from '../requests/RequestPage.tsx';
import { LibraryPage } from '../library/LibraryPage.tsx';
import { LibraryItemPage } from '../library/LibraryItemPage.tsx';
import { PeersPage } from '../peers/PeersPage.tsx';
import { SearchPage } from './SearchPage.tsx';

/**
 * The knowledge screens (issue 7) as the shell sees them: nav links, breadcrumbs and the page for a route, kept here
 * so the shared Shell only mounts them.
 */
type KnowledgeRoute = Extract<Route, { name: 'requests' | 'request' | 'library' | 'library-item' | 'peers' | 'search' }>;
const NAMES = new Set(['requests', 'request', 'library', 'library-item', 'peers', 'search']);

export function isKnowledgeRoute(route: Route): route is KnowledgeRoute {
  return NAMES.has(route.name);
}

export function KnowledgeNav({ route }: { route: Route }) {
  const ws = useWorkspace();
  const open = useLiveQuery(() => ws.db.requests.where('status').anyOf('new', 'triaged').count(), [ws]);
  const section = route.name === 'request' || route.name === 'requests' ? 'requests' : route.name === 'library' || route.name === 'library-item' ? 'library' : route.name;
  return (
    <>
      <a className="nav-link" href={href.requests()} aria-current={section === 'requests' ? 'page' : undefined} data-testid="nav-requests">
        <Icon name="users" /> Requests
        {open ? (
          <span className="count" title={`${open} waiting for triage or an expert`}>
            {open}
          </span>
        ) : null}
      </a>
      <a className="nav-link" href={href.library()} aria-current={section === 'library' ? 'page' : undefined} data-testid="nav-library">
        <Icon name="file" /> Library
      </a>
      <a className="nav-link" href={href.peers()} aria-current={section === 'peers' ? 'page' : undefined} data-testid="nav-peers">
        <Icon name="link" /> Peers
      </a>
    </>
  );
}

export function knowledgeCrumbs(route: Route): { label: string; href?: string }[] | null {
  switch (route.name) {
    case 'requests':
      return [{ label: '311 requests' }, ...(route.view === 'board' ? [{ label: 'Triage board' }] : [])];
    case 'request':
      return [{ label: '311 requests', href: href.requests() }, { label: 'Request' }];
    case 'library':
      return [{ label: 'Library' }];
    case 'library-item':
      return [{ label: 'Library', href: href.library() }, { label: 'Item' }];
    case 'peers':
      return [{ label: 'Peer network' }];
    case 'search':
      return [{ label: 'Search' }];
    default:
      return null;
  }
}

export function knowledgeView(route: Route): ReactNode | null {
  switch (route.name) {
    case 'requests':
      return <RequestsPage key={route.view} view={route.view} />;
    case 'request':
      return <RequestPage key={route.requestId} requestId={route.requestId} />;
    case 'library':
      return <LibraryPage />;
    case 'library-item':
      return <LibraryItemPage key={route.itemId} itemId={route.itemId} />;
    case 'peers':
      return <PeersPage />;
    case 'search':
      return <SearchPage key={route.q} initialQuery={route.q} />;
    default:
      return null;
  }
}
