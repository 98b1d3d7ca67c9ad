import { useEffect, useState } from 'react';
import { Workspace } from '../data/workspace.ts';
import { seedSampleData } from '../data/sample-seed.ts';
import { ToastProvider } from '../ui/Toasts.tsx';
import { WorkspaceContext } from './workspace-context.tsx';
import { Shell } from './Shell.tsx';

type Boot = { phase: 'loading'; message: string } | { phase: 'ready'; ws: Workspace } | { phase: 'error'; message: string };

/**
 * `?empty=1` starts with no sample data (also offered in Settings); `?db=name` picks a separate local database;
 * `?scale=10` seeds a sample programme ten times larger (benchmarks).
 */
async function boot(setMessage: (m: string) => void): Promise<Workspace> {
  const params = new URLSearchParams(window.location.search);
  const ws = await Workspace.start(params.get('db') ?? 'groundwork');
  const seeded = await ws.db.settings.get('seeded');
  const hasData = (await ws.engagementIds()).length > 0;
  if (!seeded && !hasData && params.get('empty') !== '1') {
    setMessage('Preparing the sample programme…');
    await seedSampleData(ws, { scale: Math.max(1, Math.min(20, Number(params.get('scale') ?? 1) || 1)), onProgress: (d, t) => setMessage(`Preparing the sample programme… ${d} of ${t} engagements`) });
  } else if (!seeded) {
    await ws.db.settings.put({ key: 'seeded', value: 'skipped' });
  }
  return ws;
}

export function Root() {
  const [state, setState] = useState<Boot>({ phase: 'loading', message: 'Opening your local data…' });
  useEffect(() => {
    let live = true;
    boot((message) => live && setState({ phase: 'loading', message })).then(
      (ws) => {
        if (!live) return;
        setState({ phase: 'ready', ws });
        (window as unknown as { __groundwork?: Workspace }).__groundwork = ws;
      },
      (err: unknown) => live && setState({ phase: 'error', message: String((err as Error)?.message ?? err) }),
    );
    return () => {
      live = false;
    };
  }, []);
  if (state.phase === 'error')
    return (
      <div className="boot" role="alert">
        <h1>Groundwork could not open its local data</h1>
        <p className="muted">{state.message}</p>
        <p className="muted">Nothing has been deleted. Close other Groundwork windows and try again; if it persists, export a support report from Help.</p>
      </div>
    );
  if (state.phase === 'loading')
    return (
      <div className="boot" role="status" aria-live="polite">
        <div className="brand-mark" aria-hidden="true">
          G
        </div>
        <p>{state.message}</p>
        <span className="skeleton" style={{ width: 240 }} />
      </div>
    );
  return (
    <WorkspaceContext.Provider value={state.ws}>
      <ToastProvider>
        <Shell />
      </ToastProvider>
    </WorkspaceContext.Provider>
  );
}
