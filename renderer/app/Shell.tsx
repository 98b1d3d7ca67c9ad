import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Icon } from '../ui/icons.tsx';
import { Button } from '../ui/Button.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { href, navigate, useRoute, type Route } from './router.tsx';
import { runCommand, useCommand } from './commands.ts';
import { useSaveState, useSession, useUndoState, useWorkspace } from './workspace-context.tsx';
import { useTheme } from './theme.ts';
import { useDesktopIntegration } from './desktop-integration.ts';
import { EngagementList } from '../features/engagements/EngagementList.tsx';
import { EngagementLayout } from '../features/engagement/EngagementLayout.tsx';
import { VisitEditor } from '../features/visits/VisitEditor.tsx';
import { FindingEditor } from '../features/findings/FindingEditor.tsx';
import { RecommendationEditor } from '../features/recommendations/RecommendationEditor.tsx';
import { TemplatesPage } from '../features/templates/TemplatesPage.tsx';
import { TemplateEditor } from '../features/templates/TemplateEditor.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import type { EngagementSession } from '../data/session.ts';
import { SyncIndicator } from '../features/sync/SyncStatus.tsx';
import { useSyncForeground } from '../features/sync/hooks.ts';
import { isKnowledgeRoute, KnowledgeNav, knowledgeCrumbs, knowledgeView } from '../features/search/knowledge-routes.tsx';
import { GlobalSearch, SearchTrigger } from '../features/search/GlobalSearch.tsx';
import { ReviewDashboard } from '../features/review/ReviewDashboard.tsx';
import { EngagementTimeline } from '../features/review/EngagementTimeline.tsx';
import { PortfolioPage } from '../features/portfolio/PortfolioPage.tsx';
import { useUnreadCount } from '../features/review/notifications.ts';
import { installReviewTextAddon } from '../features/review/TextAddon.tsx';

installReviewTextAddon();

function engagementIdOf(route: Route): string | null {
  return 'id' in route ? route.id : null;
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/** Global shortcuts. Undo/redo act on the open engagement's own local edits (Y.UndoManager), even inside text fields. */
function useShortcuts(session: EngagementSession | null) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && session) {
        e.preventDefault();
        if (e.shiftKey) session.undo.redo();
        else session.undo.undo();
        return;
      }
      if (mod && key === 'y' && session) {
        e.preventDefault();
        session.undo.redo();
        return;
      }
      if (mod && key === 'k') {
        e.preventDefault();
        runCommand('global-search');
        return;
      }
      if (mod && key === 'f') {
        e.preventDefault();
        runCommand('find');
        return;
      }
      if (mod || e.altKey || isEditable(document.activeElement)) return;
      if (document.querySelector('dialog[open]')) return;
      const single: Record<string, Parameters<typeof runCommand>[0]> = { v: 'new-visit', r: 'new-recommendation', f: 'new-finding', '/': 'find', '?': 'show-shortcuts' };
      const c = single[e.key];
      if (c) {
        e.preventDefault();
        runCommand(c);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
}

function SaveIndicator({ session }: { session: EngagementSession | null }) {
  const state = useSaveState(session);
  if (!state)
    return (
      <div className="save-indicator" data-state="saved" role="status">
        <span className="dot" aria-hidden="true" />
        Data stays on this computer
      </div>
    );
  const text = state.kind === 'saved' ? `Saved locally · ${state.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : state.kind === 'saving' ? 'Saving…' : 'Not saved — see message';
  return (
    <div className="save-indicator" data-state={state.kind} role="status" aria-live="polite" title={state.kind === 'error' ? state.message : 'Every change is stored locally as you type; no connection needed.'} data-testid="save-indicator">
      <span className="dot" aria-hidden="true" />
      {text}
    </div>
  );
}

const SHORTCUTS: [string, string][] = [
  ['V', 'New visit in this engagement'],
  ['F', 'New finding'],
  ['R', 'New recommendation'],
  ['Ctrl+K', 'Search everything'],
  ['/ or Ctrl+F', 'Find in the current list'],
  ['Ctrl+Z', 'Undo your last change'],
  ['Shift+Ctrl+Z', 'Redo'],
  ['↑ ↓ Enter', 'Move in a table and open the row'],
  ['?', 'This list'],
];

export function Shell() {
  const route = useRoute();
  const ws = useWorkspace();
  const engagementId = engagementIdOf(route);
  const { session } = useSession(engagementId);
  const activeSession = engagementId ? session : null;
  const { canUndo, canRedo } = useUndoState(activeSession);
  const [theme, setTheme] = useTheme();
  useDesktopIntegration(setTheme);
  const [showKeys, setShowKeys] = useState(false);
  useShortcuts(activeSession);
  useSyncForeground(engagementId);
  useCommand('show-shortcuts', () => setShowKeys(true));
  const engagementCount = useLiveQuery(() => ws.db.engagements.count(), [], undefined);
  const current = useLiveQuery(() => (engagementId ? ws.db.engagements.get(engagementId) : undefined), [engagementId]);
  const section = route.name === 'templates' || route.name === 'template' ? 'templates' : route.name === 'settings' ? 'settings' : route.name === 'review' ? 'review' : route.name === 'portfolio' ? 'portfolio' : isKnowledgeRoute(route) ? 'knowledge' : 'engagements';
  const unread = useUnreadCount();

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            G
          </span>
          Groundwork
        </div>
        <div className="nav-group">
          <a className="nav-link" href={href.engagements()} aria-current={section === 'engagements' && !engagementId ? 'page' : undefined}>
            <Icon name="building" /> Engagements <span className="count">{engagementCount ?? ''}</span>
          </a>
          <a className="nav-link" href={href.review()} aria-current={section === 'review' ? 'page' : undefined} data-testid="nav-review">
            <Icon name="check" /> Review
            {unread > 0 && (
              <span className="count count-unread" aria-label={`${unread} unread`} data-testid="nav-unread">
                {unread}
              </span>
            )}
          </a>
          <a className="nav-link" href={href.portfolio()} aria-current={section === 'portfolio' ? 'page' : undefined} data-testid="nav-portfolio">
            <Icon name="chart" /> Portfolio
          </a>
          <KnowledgeNav route={route} />
          <a className="nav-link" href={href.templates()} aria-current={section === 'templates' ? 'page' : undefined}>
            <Icon name="template" /> Templates
          </a>
          <a className="nav-link" href={href.settings()} aria-current={section === 'settings' ? 'page' : undefined}>
            <Icon name="settings" /> Settings
          </a>
        </div>
        {engagementId && current && (
          <div className="nav-group" aria-label={`${current.city}, ${current.state}`}>
            <div className="nav-heading">
              {current.city}, {current.state}
            </div>
            {(
              [
                ['overview', 'Overview', 'chart', undefined],
                ['visits', 'Visits', 'clipboard', current.visitCount],
                ['findings', 'Findings', 'flag', current.findingCount],
                ['recommendations', 'Recommendations', 'lightbulb', current.recommendationCount],
              ] as const
            ).map(([tab, label, icon, count]) => {
              const activeTab = route.name === 'engagement' ? route.tab : route.name === 'visit' ? 'visits' : route.name === 'finding' ? 'findings' : route.name === 'recommendation' ? 'recommendations' : null;
              return (
                <a key={tab} className="nav-link" href={href.engagement(engagementId, tab)} aria-current={activeTab === tab ? 'page' : undefined}>
                  <Icon name={icon} /> {label} {count !== undefined && <span className="count">{count}</span>}
                </a>
              );
            })}
            <a className="nav-link" href={href.history(engagementId)} aria-current={route.name === 'history' ? 'page' : undefined} data-testid="nav-history">
              <Icon name="list" /> History
            </a>
          </div>
        )}
        <div className="sidebar-footer">
          <SyncIndicator />
          <SaveIndicator session={activeSession} />
          <div className="row" style={{ padding: '0 4px' }}>
            <Button size="sm" variant="ghost" icon={theme === 'dark' ? 'moon' : 'sun'} onClick={() => setTheme(theme === 'light' ? 'dark' : theme === 'dark' ? 'system' : 'light')} title="Change theme (system, light, dark)">
              {theme === 'system' ? 'System theme' : theme === 'dark' ? 'Dark' : 'Light'}
            </Button>
            <span className="spacer" />
            <Button size="sm" variant="ghost" onClick={() => setShowKeys(true)} aria-label="Keyboard shortcuts">
              <kbd>?</kbd>
            </Button>
          </div>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <Breadcrumbs route={route} city={current ? `${current.city}, ${current.state}` : undefined} />
          <span className="spacer" />
          <SearchTrigger onOpen={() => runCommand('global-search')} />
          {activeSession && (
            <>
              <Button variant="ghost" icon="undo" label="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => activeSession.undo.undo()} />
              <Button variant="ghost" icon="redo" label="Redo (Shift+Ctrl+Z)" disabled={!canRedo} onClick={() => activeSession.undo.redo()} />
            </>
          )}
        </header>
        <main className="content" id="content">
          <RouteView route={route} />
        </main>
      </div>
      <GlobalSearch />
      <Dialog open={showKeys} title="Keyboard shortcuts" onClose={() => setShowKeys(false)}>
        <dl className="kv">
          {SHORTCUTS.map(([k, what]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
    </div>
  );
}

function Breadcrumbs({ route, city }: { route: Route; city?: string }) {
  const crumbs: { label: string; href?: string }[] = [];
  if (route.name === 'templates' || route.name === 'template') {
    crumbs.push({ label: 'Templates', href: route.name === 'template' ? href.templates() : undefined });
    if (route.name === 'template') crumbs.push({ label: 'Edit template' });
  } else if (route.name === 'settings') crumbs.push({ label: 'Settings' });
  else if (route.name === 'review') crumbs.push({ label: 'Review' });
  else if (route.name === 'portfolio') crumbs.push({ label: 'Portfolio' });
  else if (knowledgeCrumbs(route)) crumbs.push(...knowledgeCrumbs(route)!);
  else {
    crumbs.push({ label: 'Engagements', href: 'id' in route ? href.engagements() : undefined });
    if ('id' in route) {
      crumbs.push({ label: city ?? '…', href: route.name === 'engagement' ? undefined : href.engagement(route.id) });
      if (route.name === 'visit') crumbs.push({ label: 'Visit' });
      if (route.name === 'finding') crumbs.push({ label: 'Finding' });
      if (route.name === 'recommendation') crumbs.push({ label: 'Recommendation' });
      if (route.name === 'history') crumbs.push({ label: 'History' });
    }
  }
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      {crumbs.map((c, i) => (
        <span key={i} className="row" style={{ gap: 8 }}>
          {i > 0 && <Icon name="chevronRight" size={12} />}
          {c.href ? <a href={c.href}>{c.label}</a> : <span aria-current={i === crumbs.length - 1 ? 'page' : undefined}>{c.label}</span>}
        </span>
      ))}
    </nav>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'engagements':
      return <EngagementList />;
    case 'engagement':
      return <EngagementLayout engagementId={route.id} tab={route.tab} />;
    case 'visit':
      return <VisitEditor key={route.visitId} engagementId={route.id} visitId={route.visitId} />;
    case 'finding':
      return <FindingEditor key={route.findingId} engagementId={route.id} findingId={route.findingId} />;
    case 'recommendation':
      return <RecommendationEditor key={route.recId} engagementId={route.id} recId={route.recId} />;
    case 'history':
      return <EngagementTimeline key={route.id} engagementId={route.id} />;
    case 'templates':
      return <TemplatesPage />;
    case 'template':
      return <TemplateEditor key={route.templateId} templateId={route.templateId} />;
    case 'settings':
      return <SettingsPage />;
    case 'review':
      return <ReviewDashboard />;
    case 'portfolio':
      return <PortfolioPage />;
    default:
      if (isKnowledgeRoute(route)) return knowledgeView(route);
      return (
        <EmptyState icon="alert" title="This page does not exist" actions={<Button onClick={() => navigate(href.engagements())}>Go to engagements</Button>}>
          The link may be from an older version, or the item was deleted.
        </EmptyState>
      );
  }
}
