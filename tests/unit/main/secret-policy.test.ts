import { describe, expect, it } from 'vitest';
import { consentPrompt, decideStore, protectionWarning, secretProtection } from '#main/secret-policy.ts';

describe('safeStorage policy', () => {
  it('calls a Linux secret protected only with a real keyring backend', () => {
    expect(secretProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toBe('encrypted');
    expect(secretProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'kwallet6' })).toBe('encrypted');
    expect(secretProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' })).toBe('plain-text');
    expect(secretProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toBe('plain-text');
    expect(secretProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend: null })).toBe('plain-text');
  });

  it('trusts Keychain and DPAPI, and knows when nothing can encrypt', () => {
    expect(secretProtection({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null })).toBe('encrypted');
    expect(secretProtection({ platform: 'win32', encryptionAvailable: true, linuxBackend: null })).toBe('encrypted');
    expect(secretProtection({ platform: 'win32', encryptionAvailable: false, linuxBackend: null })).toBe('unavailable');
    expect(secretProtection({ platform: 'linux', encryptionAvailable: false, linuxBackend: 'gnome_libsecret' })).toBe('unavailable');
  });

  it('says plainly when the token would not be protected', () => {
    expect(protectionWarning('encrypted')).toBeNull();
    expect(protectionWarning('plain-text')).toMatch(/no keyring.*stored unprotected.*anyone who can read your files/);
    expect(protectionWarning('unavailable')).toMatch(/stored unprotected/);
  });

  it('stores at once when protected, whatever was asked', () => {
    for (const when of ['ask', 'store', 'memory-only'] as const) expect(decideStore('encrypted', when)).toEqual({ action: 'persist' });
  });

  it('asks before storing an unprotected token, then does what the person chose', () => {
    for (const protection of ['plain-text', 'unavailable'] as const) {
      const asked = decideStore(protection, 'ask');
      expect(asked).toEqual({ action: 'ask', prompt: consentPrompt(protection) });
      expect(decideStore(protection, 'store')).toEqual({ action: 'persist' });
      expect(decideStore(protection, 'memory-only')).toEqual({ action: 'memory-only' });
    }
    const prompt = consentPrompt('plain-text');
    expect(prompt.message).toContain(protectionWarning('plain-text'));
    expect(prompt.confirm).toBe('Store it unprotected');
    expect(prompt.cancel).toBe('Don’t store it');
  });
});
