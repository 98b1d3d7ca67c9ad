import { useState } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Button } from '../../ui/Button.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { RelayError } from '../../sync/relay.ts';
import { describeStatus } from './SyncStatus.tsx';
import { useSync } from './hooks.ts';
import { tokenKeepingText, TokenStorageDialog } from './TokenStorageDialog.tsx';
import './sync.css';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const ROLE_TEXT = { expert: 'expert — may edit', lead: 'team lead — may edit and review', viewer: 'viewer — read only' } as const;

/** The relay turned the token down (expired or revoked): said where the account is shown and above the sign-in form. */
function SignInAgain({ message, testId }: { message: string; testId?: string }) {
  return (
    <div className="banner banner-warn" role="alert" data-testid={testId}>
      <div>
        <strong>Sign in again.</strong> {message} Nothing is lost: your changes wait on this computer.
      </div>
    </div>
  );
}

/** Settings → Sync: relay address, sign in with a token or an invite code, who you are, what you may see, transfers. */
export function SyncSettings() {
  const ws = useWorkspace();
  const toast = useToast();
  const snap = useSync();
  const [url, setUrl] = useState(snap.url);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'url' | 'token' | null; message: string } | null>(null);
  // "Store in plain text…" on a token kept in memory only opens the same question again.
  const [askAgain, setAskAgain] = useState(false);
  const keeping = snap.tokenKeeping;
  const chooseStorage = (choice: 'store' | 'memory-only') => {
    setAskAgain(false);
    void ws.sync.chooseTokenStorage(choice).then(
      () => {
        if (choice === 'store') toast({ message: 'Your token is stored in plain text in your profile. You stay signed in after a restart.' });
      },
      (err: unknown) => toast({ message: `Groundwork could not store your token: ${String((err as Error)?.message ?? err)}` }),
    );
  };
  const account = snap.account;
  const me = account.kind === 'signed-out' ? null : account.me;
  const signedIn = account.kind === 'signed-in';

  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const who = await ws.sync.signIn(url, token);
      setToken('');
      setUrl(ws.sync.getSnapshot().url);
      toast({ message: `Signed in as ${who.user.name}. ${who.engagements.length === 1 ? 'One engagement is' : `${who.engagements.length} engagements are`} shared with you.` });
    } catch (err) {
      if (err instanceof RelayError) setError({ field: err.kind === 'bad-url' || err.kind === 'unreachable' || err.kind === 'not-relay' ? 'url' : err.kind === 'bad-token' || err.kind === 'unauthorized' ? 'token' : null, message: err.message });
      else setError({ field: null, message: `Signing in failed: ${String((err as Error)?.message ?? err)}` });
    } finally {
      setBusy(false);
    }
  };

  const up = snap.transfers.upload;
  const down = snap.transfers.download;
  return (
    <section className="card" aria-labelledby="set-sync" data-testid="sync-settings">
      <div className="card-header">
        <h2 id="set-sync">Sync</h2>
        <span className="spacer" />
        {signedIn && (
          <span className="sync-badge" data-phase={snap.overall.phase} data-testid="sync-overall">
            <span className="sync-dot" aria-hidden="true" />
            {describeStatus({ phase: snap.overall.phase, pending: snap.overall.pending, lastSyncedAt: snap.overall.lastSyncedAt, handshake: false, retryAt: null, message: null })}
          </span>
        )}
      </div>
      <div className="card-body stack" style={{ gap: 16 }}>
        <p className="muted">
          A relay merges your work with your team’s. You keep working offline; changes go out and come in whenever there is a connection. Your team lead gives you the relay’s address and a personal invite code or token.
        </p>

        {me && (
          <div className="sync-account" data-testid="sync-account">
            <div className="row" style={{ gap: 12, alignItems: 'flex-start' }}>
              <div className="stack grow" style={{ gap: 4 }}>
                <div>
                  Signed in as <strong data-testid="sync-user">{me.user.name}</strong> <span className="muted">· {ROLE_TEXT[me.user.role]}</span>
                </div>
                <div className="muted">
                  Relay <code>{snap.url}</code>
                  {me.expiresAt ? ` · token valid until ${new Date(me.expiresAt * 1000).toLocaleDateString()}` : ''}
                </div>
                {keeping && signedIn && (
                  <div className="muted row sync-token-keeping" style={{ gap: 8 }} data-testid="sync-token-keeping" data-persisted={keeping.persisted} data-protection={keeping.protection}>
                    <span>{tokenKeepingText(keeping)}</span>
                    {!keeping.persisted && keeping.protection !== 'encrypted' && (
                      <Button size="sm" variant="ghost" onClick={() => setAskAgain(true)}>
                        Store in plain text…
                      </Button>
                    )}
                  </div>
                )}
              </div>
              {signedIn && (
                <Button size="sm" onClick={() => ws.sync.syncNow()}>
                  Sync now
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => void ws.sync.signOut()} data-testid="sync-sign-out">
                Sign out
              </Button>
            </div>
            {account.kind === 'expired' && <SignInAgain message={account.message} />}
            {snap.checkError && signedIn && (
              <div className="banner banner-info" role="status">
                <div>{snap.checkError}</div>
              </div>
            )}
            <h3 className="sync-subhead">Engagements shared with you</h3>
            {me.engagements.length === 0 ? (
              <p className="muted">None yet. Ask your team lead to grant you an engagement; it appears here by itself.</p>
            ) : (
              <ul className="sync-list" data-testid="sync-engagements">
                {me.engagements.map((e) => {
                  const s = snap.engagements.get(e.id);
                  return (
                    <li key={e.id}>
                      <span className="sync-dot" data-phase={s?.phase ?? 'connecting'} aria-hidden="true" />
                      <span className="grow">{e.city ? `${e.city}, ${e.state}` : e.id}</span>
                      <span className="muted">{s ? describeStatus(s) : 'Waiting for the first sync'}</span>
                    </li>
                  );
                })}
              </ul>
            )}
            {(up.total > 0 || down.done + down.active + down.failed > 0) && (
              <p className="muted" data-testid="sync-transfers">
                Photos: {up.done} of {up.total} checked or uploaded{up.bytesTotal > 0 ? ` (${bytes(up.bytesDone)} of ${bytes(up.bytesTotal)} sent)` : ''}
                {up.failed > 0 ? ` · ${up.failed} failed` : ''}
                {down.active > 0 ? ` · downloading ${down.active} (${bytes(down.bytesDone)})` : down.done > 0 ? ` · ${down.done} downloaded` : ''}
                {up.message ? ` · ${up.message}` : ''}
              </p>
            )}
          </div>
        )}

        {!signedIn && (
          <form
            className="stack"
            style={{ gap: 12 }}
            onSubmit={(e) => {
              e.preventDefault();
              void signIn();
            }}
            data-testid="sync-sign-in"
          >
            {account.kind === 'expired' && !me && <SignInAgain message={account.message} testId="sync-sign-in-again" />}
            {keeping && keeping.protection !== 'encrypted' && (
              <div className="banner banner-info" data-testid="sync-no-key-store">
                <div>This computer has no secure key store. After you sign in, Groundwork asks whether to store your token in plain text in your profile or keep it only until you quit.</div>
              </div>
            )}
            <Field label="Relay address" hint="For example ws://127.0.0.1:4444 or wss://relay.example.org" error={error?.field === 'url' ? error.message : null}>
              {(p) => <input {...p} className="input" value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} autoComplete="off" data-testid="relay-url" />}
            </Field>
            <Field label="Invite code or token" hint="Type the invite code your team lead gave you (like GW-7K3M-Q9XA-2HDP; it works once), or paste a token (it starts with gw1.)." error={error?.field === 'token' ? error.message : null}>
              {(p) => <input {...p} className="input" type="password" value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" placeholder="GW-XXXX-XXXX-XXXX or gw1.…" data-testid="relay-token" />}
            </Field>
            {error && error.field === null && (
              <div className="banner banner-error" role="alert">
                <div>{error.message}</div>
              </div>
            )}
            <div className="row">
              <Button type="submit" variant="primary" disabled={busy} data-testid="sync-sign-in-button">
                {busy ? 'Checking…' : 'Sign in'}
              </Button>
              <span className="muted">Signing in exchanges the invite (or checks the token) with the relay and shows which engagements you may see.</span>
            </div>
          </form>
        )}
      </div>
      {keeping && <TokenStorageDialog open={signedIn && (keeping.ask || askAgain)} protection={keeping.protection} onChoose={chooseStorage} />}
    </section>
  );
}
