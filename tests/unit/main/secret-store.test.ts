import { describe, expect, it } from 'vitest';
import { RelaySecretStore, type SecretDeps } from '#main/secret-store.ts';
import type { StorageFacts } from '#main/secret-policy.ts';

const FILE = '/user/relay-token.json';
const KEYRING: StorageFacts = { platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' };
const BASIC: StorageFacts = { platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' };

/** A fake disk and a reversible fake cipher (the real one is the OS keychain). */
function deps(facts: StorageFacts, disk = new Map<string, string>()): SecretDeps & { disk: Map<string, string> } {
  return {
    disk,
    facts: () => facts,
    encrypt: (plain) => new TextEncoder().encode(`enc(${[...plain].reverse().join('')})`),
    decrypt: (data) => {
      const text = new TextDecoder().decode(data);
      const m = /^enc\((.*)\)$/s.exec(text);
      if (!m) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...m[1]!].reverse().join('');
    },
    readFile: async (file) => {
      const text = disk.get(file);
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
    writeFile: async (file, data) => void disk.set(file, data),
    rm: async (file) => void disk.delete(file),
    file: FILE,
  };
}

const signIn = { relayUrl: 'https://relay.example.org', token: 'gw1.secret-part.sig', whenUnprotected: 'ask' as const };

describe('relay token store (main only)', () => {
  it('with a keyring: stores encrypted at once; the file never holds the token in the clear', async () => {
    const d = deps(KEYRING);
    const store = new RelaySecretStore(d);
    await expect(store.store(signIn)).resolves.toEqual({ outcome: 'stored', protection: 'encrypted', persisted: true });
    const onDisk = d.disk.get(FILE)!;
    expect(onDisk).not.toContain('secret-part');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, relayUrl: signIn.relayUrl, protection: 'encrypted', encrypted: true });
    expect(store.status()).toEqual({ signedIn: true, relayUrl: signIn.relayUrl, protection: 'encrypted', warning: null, persisted: true });
    expect(store.current()).toEqual({ relayUrl: signIn.relayUrl, token: signIn.token });
  });

  it('the status the renderer gets never contains the token', async () => {
    const store = new RelaySecretStore(deps(KEYRING));
    await store.store(signIn);
    expect(JSON.stringify(store.status())).not.toContain(signIn.token);
    expect(Object.keys(store.status()).sort()).toEqual(['persisted', 'protection', 'relayUrl', 'signedIn', 'warning']);
  });

  it('survives a restart: a new store loads and decrypts the file', async () => {
    const disk = new Map<string, string>();
    await new RelaySecretStore(deps(KEYRING, disk)).store(signIn);
    const again = new RelaySecretStore(deps(KEYRING, disk));
    await again.load();
    expect(again.current()?.token).toBe(signIn.token);
    expect(again.status().signedIn).toBe(true);
  });

  it('with basic_text: stores nothing and asks first, with the plain warning', async () => {
    const d = deps(BASIC);
    const store = new RelaySecretStore(d);
    const answer = await store.store(signIn);
    expect(answer.outcome).toBe('needs-consent');
    if (answer.outcome === 'needs-consent') expect(answer.prompt.message).toMatch(/stored unprotected/);
    expect(d.disk.size).toBe(0);
    expect(store.status()).toMatchObject({ signedIn: false, protection: 'plain-text', warning: expect.stringMatching(/no keyring/) });
  });

  it('with basic_text: "store it" persists (marked plain-text); "don’t store it" keeps it in memory only', async () => {
    const d = deps(BASIC);
    const store = new RelaySecretStore(d);
    await expect(store.store({ ...signIn, whenUnprotected: 'store' })).resolves.toEqual({ outcome: 'stored', protection: 'plain-text', persisted: true });
    expect(JSON.parse(d.disk.get(FILE)!)).toMatchObject({ protection: 'plain-text' });

    const memory = deps(BASIC);
    const volatile = new RelaySecretStore(memory);
    await expect(volatile.store({ ...signIn, whenUnprotected: 'memory-only' })).resolves.toEqual({
      outcome: 'stored',
      protection: 'plain-text',
      persisted: false,
    });
    expect(memory.disk.size).toBe(0);
    expect(volatile.current()?.token).toBe(signIn.token);
    expect(volatile.status()).toMatchObject({ signedIn: true, persisted: false });
    const restarted = new RelaySecretStore(memory);
    await restarted.load();
    expect(restarted.status().signedIn).toBe(false);
  });

  it('a new sign-in kept in memory only also removes an older token from disk', async () => {
    const disk = new Map<string, string>();
    const store = new RelaySecretStore(deps(BASIC, disk));
    await store.store({ ...signIn, whenUnprotected: 'store' });
    await store.store({ ...signIn, token: 'gw1.other.sig', whenUnprotected: 'memory-only' });
    expect(disk.size).toBe(0);
    expect(store.current()?.token).toBe('gw1.other.sig');
  });

  it('sign out forgets the token in memory and on disk', async () => {
    const d = deps(KEYRING);
    const store = new RelaySecretStore(d);
    await store.store(signIn);
    await expect(store.clear()).resolves.toEqual({ cleared: true });
    expect(d.disk.size).toBe(0);
    expect(store.current()).toBeNull();
    await expect(store.clear()).resolves.toEqual({ cleared: false });
  });

  it('a file that does not parse or decrypt is removed: the person signs in again', async () => {
    for (const text of [
      'not json',
      JSON.stringify({ version: 2 }),
      JSON.stringify({ version: 1, relayUrl: 'https://r', protection: 'encrypted', encrypted: true, data: Buffer.from('garbage').toString('base64') }),
    ]) {
      const d = deps(KEYRING, new Map([[FILE, text]]));
      const store = new RelaySecretStore(d);
      await store.load();
      expect(store.status().signedIn).toBe(false);
      expect(d.disk.has(FILE)).toBe(false);
    }
  });

  it('when nothing can encrypt and the person agreed, stores it unencrypted and says so', async () => {
    const d = deps({ platform: 'linux', encryptionAvailable: false, linuxBackend: null });
    const store = new RelaySecretStore(d);
    await expect(store.store({ ...signIn, whenUnprotected: 'store' })).resolves.toEqual({ outcome: 'stored', protection: 'unavailable', persisted: true });
    expect(JSON.parse(d.disk.get(FILE)!)).toMatchObject({ encrypted: false, protection: 'unavailable' });
    const again = new RelaySecretStore(d);
    await again.load();
    expect(again.current()?.token).toBe(signIn.token);
  });

  it('with basic_text: signed in memory-only first, "store it" afterwards writes the token main already holds', async () => {
    const d = deps(BASIC);
    const store = new RelaySecretStore(d);
    await expect(store.persist()).resolves.toEqual({ persisted: false, protection: 'plain-text' });
    expect(d.disk.size).toBe(0);
    await store.store({ ...signIn, whenUnprotected: 'memory-only' });
    expect(d.disk.size).toBe(0);
    await expect(store.persist()).resolves.toEqual({ persisted: true, protection: 'plain-text' });
    expect(JSON.parse(d.disk.get(FILE)!)).toMatchObject({ relayUrl: signIn.relayUrl, protection: 'plain-text' });
    expect(store.status()).toMatchObject({ signedIn: true, persisted: true });
    const restarted = new RelaySecretStore(d);
    await restarted.load();
    expect(restarted.current()).toEqual({ relayUrl: signIn.relayUrl, token: signIn.token });
    await restarted.clear();
    expect(d.disk.size).toBe(0);
  });
});
