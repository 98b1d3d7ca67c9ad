import type { SecretProtection } from '#core/ipc/contract.ts';
import type { HostSecrets } from '../platform/platform.ts';

/**
 * Where the relay token lives, so the sync manager does not have to know.
 *
 * - In a browser (`secrets === null`) there is no place out of the page's reach: the token is kept with the rest
 *   of the sync settings in Dexie, as before (`dexieKeeper`).
 * - In Electron the token goes to main (`hostKeeper`) and the page keeps only `secrets.placeholder`, which it sends
 *   wherever the token goes (WebSocket subprotocol, `Authorization` on /api/me and blob requests); main swaps in the
 *   real token on requests to the signed-in relay (main/relay-auth.ts). Dexie never sees the token, and the real
 *   token lives in the page only for the duration of the sign-in call that received it.
 */

/** How the token is kept, for the settings page. null in a browser. */
export interface TokenKeeping {
  protection: SecretProtection;
  /** On disk (survives a restart) or in main's memory only (forgotten when Groundwork quits). */
  persisted: boolean;
  /** The OS cannot protect it and the person has not chosen yet: show the "store in plain text?" choice. */
  ask: boolean;
}

/** What start() found: the token to send (null: signed out), and what to tell the person. */
export interface Restored {
  token: string | null;
  keeping: TokenKeeping | null;
  /** Signed in before, but the token is gone (it was kept in memory only): sign in again. */
  lostMessage: string | null;
  /** Rewrite the sync settings row without the token (it was moved to main). */
  rewrite: boolean;
}

export interface TokenKeeper {
  readonly kind: 'dexie' | 'host';
  /** After a restart: from the settings row (`stored`), the token to send — moving an old Dexie token to main. */
  restore(stored: { url: string; token: string | null; signedInBefore: boolean }): Promise<Restored>;
  /** Sign in: hand the real token over; returns what to send from now on. */
  keep(url: string, token: string): Promise<{ token: string; keeping: TokenKeeping | null }>;
  /** The token as written to the Dexie settings row: the token itself in a browser, never in Electron. */
  forDexie(token: string | null): string | null;
  /** Sign out (or a sign-in that failed): forget it everywhere it is kept. */
  forget(): Promise<void>;
  /** The person chose "store it in plain text" after being asked. */
  persist(): Promise<TokenKeeping | null>;
}

export function dexieKeeper(): TokenKeeper {
  return {
    kind: 'dexie',
    restore: async ({ token }) => ({ token, keeping: null, lostMessage: null, rewrite: false }),
    keep: async (_url, token) => ({ token, keeping: null }),
    forDexie: (token) => token,
    forget: async () => undefined,
    persist: async () => null,
  };
}

export const MEMORY_ONLY_LOST = 'This computer has no secure key store, so your token was kept in memory only and forgotten when Groundwork quit.';

const MOVE_FAILED = 'Groundwork could not move your saved sign-in into the desktop app’s key store.';

/** Same relay for main's purposes (relay-auth.ts compares host, port and ws/http security). */
function sameRelay(a: string, b: string): boolean {
  try {
    const x = new URL(a.replace(/^http/, 'ws'));
    const y = new URL(b.replace(/^http/, 'ws'));
    return x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
}

export function hostKeeper(secrets: HostSecrets): TokenKeeper {
  /**
   * Hand a token to main. When the OS cannot protect it, main answers `needs-consent` and stores nothing; then
   * it is kept in main's memory at once (so it leaves the page now) and the person is asked whether to write it
   * to disk unprotected (`persist`).
   */
  async function handOver(relayUrl: string, token: string): Promise<TokenKeeping> {
    const first = await secrets.store({ relayUrl, token, whenUnprotected: 'ask' });
    if (first.outcome === 'stored') return { protection: first.protection, persisted: first.persisted, ask: false };
    const kept = await secrets.store({ relayUrl, token, whenUnprotected: 'memory-only' });
    if (kept.outcome !== 'stored') throw new Error('Groundwork could not keep your token: the desktop app refused it.');
    return { protection: kept.protection, persisted: kept.persisted, ask: true };
  }

  return {
    kind: 'host',
    async restore({ url, token, signedInBefore }) {
      let moved: TokenKeeping | null = null;
      // A token from before tokens moved to main: hand it over, and drop it from Dexie (rewrite) once main has it.
      if (token && token !== secrets.placeholder) {
        try {
          moved = await handOver(url, token);
        } catch {
          // Main refused it (not a token main accepts): it cannot be used from here either way.
          const status = await secrets.status();
          return { token: null, keeping: { protection: status.protection, persisted: false, ask: false }, lostMessage: MOVE_FAILED, rewrite: true };
        }
      }
      const status = await secrets.status();
      const rewrite = Boolean(token);
      if (status.signedIn && status.relayUrl && sameRelay(status.relayUrl, url) && (signedInBefore || moved)) {
        return {
          token: secrets.placeholder,
          keeping: { protection: status.protection, persisted: status.persisted, ask: moved?.ask ?? false },
          lostMessage: null,
          rewrite,
        };
      }
      // Main holds a token for another relay, or one the page has no account for: it would be used by nothing.
      if (status.signedIn) await secrets.clear();
      return {
        token: null,
        keeping: { protection: status.protection, persisted: false, ask: false },
        lostMessage:
          signedInBefore && status.protection !== 'encrypted' ? MEMORY_ONLY_LOST : signedInBefore ? 'Your sign-in was not found on this computer.' : null,
        rewrite,
      };
    },
    async keep(url, token) {
      const keeping = await handOver(url, token);
      return { token: secrets.placeholder, keeping };
    },
    forDexie: () => null,
    async forget() {
      await secrets.clear();
    },
    async persist() {
      const result = await secrets.persist();
      return { protection: result.protection, persisted: result.persisted, ask: false };
    },
  };
}

export function keeperFor(secrets: HostSecrets | null): TokenKeeper {
  return secrets ? hostKeeper(secrets) : dexieKeeper();
}
