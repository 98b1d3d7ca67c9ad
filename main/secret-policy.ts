import type { SafeStorage } from 'electron';
import type { ConsentPrompt, SecretProtection } from '#core/ipc/contract.ts';

/**
 * Whether a secret stored with safeStorage is really protected, and what to do about it when not. Pure: the
 * caller reads the platform and safeStorage and passes them in (tests/unit/main/secret-policy.test.ts).
 */
export interface StorageFacts {
  platform: NodeJS.Platform;
  /** `safeStorage.isEncryptionAvailable()`. */
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()` — Linux only; null elsewhere. */
  linuxBackend: ReturnType<SafeStorage['getSelectedStorageBackend']> | null;
}

export function secretProtection(facts: StorageFacts): SecretProtection {
  if (!facts.encryptionAvailable) return 'unavailable';
  // basic_text: no keyring (no GNOME Keyring / KWallet running); Chromium "encrypts" with a key hard-coded in the
  // binary, which protects nothing. 'unknown' means the backend could not be determined: treat it as unprotected.
  if (facts.platform === 'linux' && (facts.linuxBackend === null || facts.linuxBackend === 'basic_text' || facts.linuxBackend === 'unknown'))
    return 'plain-text';
  return 'encrypted';
}

/** The sentence the settings page shows beside the sign-in when the token would not be protected. */
export function protectionWarning(protection: SecretProtection): string | null {
  if (protection === 'encrypted') return null;
  if (protection === 'plain-text')
    return 'This computer has no keyring (such as GNOME Keyring or KWallet) for Groundwork to use, so your relay token would be stored unprotected: anyone who can read your files could copy it and sync as you.';
  return 'This computer offers Groundwork no way to encrypt your relay token, so it would be stored unprotected: anyone who can read your files could copy it and sync as you.';
}

export function consentPrompt(protection: SecretProtection): ConsentPrompt {
  return {
    title: 'Store the token unprotected?',
    message: `${protectionWarning(protection) ?? ''} You can instead sign in again each time you start Groundwork: choose “Don’t store it” and the token is kept only until you quit.`,
    confirm: 'Store it unprotected',
    cancel: 'Don’t store it',
  };
}

export type WhenUnprotected = 'ask' | 'store' | 'memory-only';
export type StoreDecision = { action: 'persist' } | { action: 'memory-only' } | { action: 'ask'; prompt: ConsentPrompt };

/**
 * Persist at once when the OS protects the token. Otherwise never silently: ask first, then do what the person
 * chose — store it unprotected, or keep it in memory only (sign in again after a restart).
 */
export function decideStore(protection: SecretProtection, whenUnprotected: WhenUnprotected): StoreDecision {
  if (protection === 'encrypted') return { action: 'persist' };
  if (whenUnprotected === 'store') return { action: 'persist' };
  if (whenUnprotected === 'memory-only') return { action: 'memory-only' };
  return { action: 'ask', prompt: consentPrompt(protection) };
}
