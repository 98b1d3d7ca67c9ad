import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import type { TokenKeeping } from '../../sync/token-keeper.ts';

/** Why the token cannot be protected, in the words the person sees. */
function reason(protection: TokenKeeping['protection']): string {
  return protection === 'unavailable'
    ? 'This computer offers Groundwork no secure key store, so your relay token cannot be encrypted.'
    : 'This computer has no secure key store (such as GNOME Keyring or KWallet), so Groundwork cannot encrypt your relay token.';
}

/**
 * Desktop app only, when the OS cannot protect the token (Linux without a keyring: Electron's `basic_text`).
 * Asked after signing in; the token is already in main's memory only, so closing the dialog (Escape, ×) is the
 * safe answer: "sign in each time".
 */
export function TokenStorageDialog({
  open,
  protection,
  onChoose,
}: {
  open: boolean;
  protection: TokenKeeping['protection'];
  onChoose: (choice: 'store' | 'memory-only') => void;
}) {
  return (
    <Dialog
      open={open}
      title="Keep your sign-in on this computer?"
      onClose={() => onChoose('memory-only')}
      footer={
        <>
          <span className="spacer" />
          <Button onClick={() => onChoose('memory-only')} autoFocus data-testid="token-memory-only">
            Sign in each time
          </Button>
          <Button variant="primary" onClick={() => onChoose('store')} data-testid="token-store-plain">
            Store in plain text
          </Button>
        </>
      }
    >
      <div className="stack token-storage" style={{ gap: 12 }} data-testid="token-storage-dialog">
        <p>{reason(protection)} Choose how to keep it:</p>
        <dl className="token-choices">
          <dt>Store in plain text in your profile</dt>
          <dd>You stay signed in after a restart. Anyone who can read your files could copy the token and sync as you.</dd>
          <dt>Sign in each time</dt>
          <dd>The token is kept in memory only and forgotten when you quit Groundwork. Next time you need a token again (an invite code works only once).</dd>
        </dl>
        <p className="muted">You are signed in either way. You can store the token later in Settings → Sync.</p>
      </div>
    </Dialog>
  );
}

/** One line under the account: where the token is. */
export function tokenKeepingText(k: TokenKeeping): string {
  if (!k.persisted) return 'Your token is kept in memory only: you will sign in again after quitting Groundwork.';
  if (k.protection === 'encrypted') return 'Your token is encrypted with this computer’s key store.';
  return 'Your token is stored in plain text in your profile: this computer has no secure key store.';
}
