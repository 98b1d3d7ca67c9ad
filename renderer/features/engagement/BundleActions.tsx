import { useState } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import { getPlatform } from '../../platform/index.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/Toasts.tsx';

export const APP_VERSION = '0.1.0';

/** Export this engagement as a bundle (to hand over or back up), or delete it from this computer. */
export function BundleActions({ engagementId, city }: { engagementId: string; city: string }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const exportBundle = async () => {
    setBusy(true);
    try {
      const { name, bytes } = await ws.exportBundle(engagementId, APP_VERSION);
      const result = await getPlatform().saveFile(name, bytes, 'application/zip', [{ name: 'Groundwork bundle', extensions: ['zip'] }]);
      if (result.saved) toast({ message: `Exported ${city} (${(bytes.length / 1024).toFixed(0)} KB)${result.path ? ` to ${result.path}` : ''}.` });
    } catch (err) {
      toast({ tone: 'error', message: `The export failed: ${String((err as Error).message ?? err)}` });
    } finally {
      setBusy(false);
    }
  };
  useCommand('export-bundle', () => void exportBundle());
  return (
    <section className="card" aria-labelledby="ov-data">
      <div className="card-header">
        <h2 id="ov-data">Data</h2>
      </div>
      <div className="card-body stack">
        <p className="muted">Everything is stored on this computer. Export a bundle (a .zip with the engagement and its photos) to back it up or hand it to a colleague; importing it merges with what they have.</p>
        <div className="row">
          <Button icon="download" onClick={() => void exportBundle()} disabled={busy} data-testid="export-bundle">
            {busy ? 'Exporting…' : 'Export bundle'}
          </Button>
          <span className="spacer" />
          <Button variant="danger" icon="trash" onClick={() => setConfirm(true)}>
            Delete…
          </Button>
        </div>
      </div>
      <Dialog
        open={confirm}
        title={`Delete ${city} from this computer?`}
        onClose={() => setConfirm(false)}
        footer={
          <>
            <Button onClick={() => setConfirm(false)}>Keep it</Button>
            <Button
              variant="danger"
              onClick={async () => {
                setConfirm(false);
                await ws.deleteEngagement(engagementId);
                navigate(href.engagements());
                toast({ message: `${city} was deleted from this computer.` });
              }}
            >
              Delete engagement
            </Button>
          </>
        }
      >
        <p>All visits, findings, recommendations and photos of this engagement will be removed from this computer. This cannot be undone — export a bundle first if you may need it.</p>
      </Dialog>
    </section>
  );
}
