import { useRef, useState } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useTheme, type ThemeChoice } from '../../app/theme.ts';
import { useCommand } from '../../app/commands.ts';
import { ImportError } from '../../data/workspace.ts';
import { seedSampleData } from '../../data/sample-seed.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { SyncSettings } from '../sync/SyncSettings.tsx';
import { RoleChoice } from '../review/RoleChoice.tsx';

export function SettingsPage(_props: { [k: string]: never }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [name, setName] = useState(ws.user.name);
  const [theme, setTheme] = useTheme();
  const [importError, setImportError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  useCommand('import-bundle', () => fileRef.current?.click());

  const importFiles = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    setImportError(null);
    setBusy('import');
    try {
      const r = await ws.importBundle(new Uint8Array(await file.arrayBuffer()));
      toast({ message: r.merged ? `Merged “${file.name}” into the engagement you already had (${r.photos} photos).` : `Imported “${file.name}” (${r.photos} photos).`, action: { label: 'Open', run: () => navigate(href.engagement(r.engagementId)) } });
    } catch (err) {
      setImportError(err instanceof ImportError ? err.message : `The file could not be imported: ${String((err as Error).message ?? err)}`);
    } finally {
      setBusy(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">Your name on this computer, the look of the app, and your local data.</p>
        </div>
      </div>

      <section className="card" aria-labelledby="set-you">
        <div className="card-header">
          <h2 id="set-you">You</h2>
        </div>
        <form
          className="card-body row"
          style={{ alignItems: 'flex-start' }}
          onSubmit={async (e) => {
            e.preventDefault();
            const trimmed = name.trim();
            if (!trimmed) return;
            await ws.setUser({ ...ws.user, name: trimmed });
            toast({ message: 'Your name is saved. New changes are signed with it.' });
          }}
        >
          <Field label="Your name" hint="Shown on everything you write, so your team lead knows who wrote what." className="grow">
            {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Button type="submit" variant="primary" style={{ marginTop: 24 }}>
            Save name
          </Button>
        </form>
        <RoleChoice />
      </section>

      <section className="card" aria-labelledby="set-look">
        <div className="card-header">
          <h2 id="set-look">Appearance</h2>
        </div>
        <div className="card-body">
          <div className="segmented" role="radiogroup" aria-labelledby="set-look">
            {(['system', 'light', 'dark'] as ThemeChoice[]).map((t) => (
              <button key={t} type="button" role="radio" aria-checked={theme === t} onClick={() => setTheme(t)}>
                {t === 'system' ? 'Follow system' : t === 'light' ? 'Light' : 'Dark'}
              </button>
            ))}
          </div>
        </div>
      </section>

      <SyncSettings />

      <section className="card" aria-labelledby="set-data">
        <div className="card-header">
          <h2 id="set-data">Data on this computer</h2>
        </div>
        <div className="card-body stack" style={{ gap: 16 }}>
          <div className="stack">
            <h3>Import a bundle</h3>
            <p className="muted">A bundle is a .zip exported from Groundwork. If you already have that engagement, the two are merged — nobody's work is overwritten.</p>
            <div className="row">
              <input ref={fileRef} type="file" accept=".zip,application/zip" hidden onChange={(e) => void importFiles(e.target.files)} aria-label="Choose a bundle file" data-testid="import-input" />
              <Button icon="upload" onClick={() => fileRef.current?.click()} disabled={busy === 'import'} data-testid="import-bundle">
                {busy === 'import' ? 'Importing…' : 'Import bundle…'}
              </Button>
            </div>
            {importError && (
              <div className="banner banner-error" role="alert" data-testid="import-error">
                <div>
                  <strong>Nothing was imported.</strong> {importError} Your data has not been changed.
                </div>
              </div>
            )}
          </div>
          <div className="stack">
            <h3>Sample data</h3>
            <p className="muted">Fictional cities, visits and recommendations to explore the workbench. Adds alongside your own engagements.</p>
            <div className="row">
              <Button
                disabled={busy === 'sample'}
                onClick={async () => {
                  setBusy('sample');
                  try {
                    await seedSampleData(ws);
                    toast({ message: 'Sample programme added.' });
                  } finally {
                    setBusy(null);
                  }
                }}
              >
                {busy === 'sample' ? 'Adding…' : 'Add sample data'}
              </Button>
              <Button variant="danger" onClick={() => setConfirmClear(true)} data-testid="start-empty">
                Start empty…
              </Button>
            </div>
          </div>
        </div>
      </section>

      <Dialog
        open={confirmClear}
        title="Remove every engagement from this computer?"
        onClose={() => setConfirmClear(false)}
        footer={
          <>
            <Button onClick={() => setConfirmClear(false)}>Cancel</Button>
            <Button
              variant="danger"
              onClick={async () => {
                setConfirmClear(false);
                await ws.clearAll();
                toast({ message: 'All engagements were removed. You are starting empty.' });
                navigate(href.engagements());
              }}
              data-testid="confirm-start-empty"
            >
              Remove everything
            </Button>
          </>
        }
      >
        <p>Every engagement, visit, finding, recommendation and photo stored on this computer is removed. Your templates and settings stay. Export bundles first for anything you want to keep.</p>
      </Dialog>
    </div>
  );
}
