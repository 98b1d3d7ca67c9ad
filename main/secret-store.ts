import { z } from 'zod';
import {
  SecretProtection,
  type PersistRelayTokenResponse,
  type RelayTokenStatus,
  type StoreRelayTokenRequest,
  type StoreRelayTokenResponse,
} from '#core/ipc/contract.ts';
import { decideStore, protectionWarning, secretProtection, type StorageFacts } from './secret-policy.ts';

/**
 * The relay token lives here, in main, and nowhere else: in memory while the app runs, and at rest in one file
 * in userData, encrypted with safeStorage. The renderer can hand a token in (sign in) but only ever learns
 * whether one is held (`status()`); main adds it to relay requests itself (relay-auth.ts).
 */
export interface SecretDeps {
  facts(): StorageFacts;
  /** `safeStorage.encryptString` / `decryptString`. */
  encrypt(plain: string): Uint8Array;
  decrypt(data: Uint8Array): string;
  readFile(file: string): Promise<Uint8Array>;
  writeFile(file: string, data: string): Promise<void>;
  rm(file: string): Promise<void>;
  /** userData/relay-token.json */
  file: string;
}

const StoredSecret = z.object({
  version: z.literal(1),
  relayUrl: z.string().min(1).max(2048),
  protection: SecretProtection,
  /** false only when safeStorage could not encrypt at all and the person chose to store the token anyway. */
  encrypted: z.boolean(),
  data: z.string().max(65536), // base64
});

export interface RelaySecret {
  relayUrl: string;
  token: string;
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export class RelaySecretStore {
  private secret: RelaySecret | null = null;
  private persisted = false;

  constructor(private readonly deps: SecretDeps) {}

  /** Read the stored token, if any. A file that does not parse or decrypt is removed: the person signs in again. */
  async load(): Promise<void> {
    let raw: string;
    try {
      raw = new TextDecoder().decode(await this.deps.readFile(this.deps.file));
    } catch {
      return; // no file: signed out
    }
    try {
      const stored = StoredSecret.parse(JSON.parse(raw));
      const bytes = fromBase64(stored.data);
      const token = stored.encrypted ? this.deps.decrypt(bytes) : new TextDecoder().decode(bytes);
      this.secret = { relayUrl: stored.relayUrl, token };
      this.persisted = true;
    } catch {
      // Another user's keyring, a corrupted file, a downgrade: unusable either way.
      await this.deps.rm(this.deps.file).catch(() => undefined);
    }
  }

  protection() {
    return secretProtection(this.deps.facts());
  }

  status(): RelayTokenStatus {
    const protection = this.protection();
    return {
      signedIn: this.secret !== null,
      relayUrl: this.secret?.relayUrl ?? null,
      protection,
      warning: protectionWarning(protection),
      persisted: this.secret !== null && this.persisted,
    };
  }

  /** For main only (relay-auth.ts): never returned over IPC. */
  current(): RelaySecret | null {
    return this.secret;
  }

  async store(request: StoreRelayTokenRequest): Promise<StoreRelayTokenResponse> {
    const protection = this.protection();
    const decision = decideStore(protection, request.whenUnprotected);
    if (decision.action === 'ask') return { outcome: 'needs-consent', prompt: decision.prompt };
    // A new sign-in replaces the old token everywhere, also on disk.
    await this.forget();
    this.secret = { relayUrl: request.relayUrl, token: request.token };
    if (decision.action === 'memory-only') return { outcome: 'stored', protection, persisted: false };
    await this.write(this.secret, protection);
    return { outcome: 'stored', protection, persisted: true };
  }

  /**
   * The person agreed to store the token held in memory only (signed in first, answered the prompt after; or a
   * token moved here from the renderer's old storage). Asking again is the renderer's job: this is the "yes".
   */
  async persist(): Promise<PersistRelayTokenResponse> {
    const protection = this.protection();
    if (!this.secret) return { persisted: false, protection };
    if (!this.persisted) await this.write(this.secret, protection);
    return { persisted: true, protection };
  }

  private async write(secret: RelaySecret, protection: SecretProtection): Promise<void> {
    const encrypted = protection !== 'unavailable';
    const bytes = encrypted ? this.deps.encrypt(secret.token) : new TextEncoder().encode(secret.token);
    const stored: z.infer<typeof StoredSecret> = { version: 1, relayUrl: secret.relayUrl, protection, encrypted, data: toBase64(bytes) };
    await this.deps.writeFile(this.deps.file, JSON.stringify(stored));
    this.persisted = true;
  }

  async clear(): Promise<{ cleared: boolean }> {
    const had = this.secret !== null || this.persisted;
    await this.forget();
    return { cleared: had };
  }

  private async forget(): Promise<void> {
    this.secret = null;
    this.persisted = false;
    await this.deps.rm(this.deps.file).catch(() => undefined);
  }
}
