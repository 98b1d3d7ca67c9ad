import { z } from 'zod';
import { CHANNELS, MENU_COMMANDS, type BridgeEvent, type BridgeMethod, type Channel, type MenuCommand } from './channels.ts';

/**
 * The IPC contract between the renderer (through preload) and main: for each channel, the zod schema of the
 * request the renderer may send and of the response main returns. Main parses every request with it (a
 * compromised or buggy renderer gets a clear error, never a half-valid call); both sides take their types from it.
 */

/** Largest file the renderer may hand to main to save (bytes). A structured-clone copy of it crosses IPC. */
export const MAX_SAVE_BYTES = 256 * 1024 * 1024;
/** Largest total size of the files one `file:open` may return (bytes). */
export const MAX_OPEN_TOTAL_BYTES = 256 * 1024 * 1024;
/** Most files one `file:open` may return. */
export const MAX_OPEN_FILES = 200;

const MB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** A dialog filter, as Electron's dialogs take it: `{ name: 'Groundwork bundle', extensions: ['zip'] }`. */
export const FileFilter = z.object({
  name: z.string().min(1).max(100),
  // Bare extensions without the dot ('zip', 'tar.gz' is not a thing dialogs filter on), or '*' for any file.
  extensions: z
    .array(z.string().regex(/^(\*|[A-Za-z0-9_-]{1,16})$/, 'must be a bare extension like "zip" (no dot), or "*"'))
    .min(1)
    .max(50),
});
export type FileFilter = z.infer<typeof FileFilter>;

const Filters = z.array(FileFilter).max(20);

/** A file name only: no folders, no control characters, not "." or "..". The user picks the folder in the dialog. */
export const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\]/.test(s), 'must be a file name, not a path (no / or \\)')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')
  .refine((s) => s !== '.' && s !== '..', 'must be a file name');

export const Mime = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, 'must be a media type like "application/zip"');

// Buffer (what node's fs returns in main) is a Uint8Array too, and arrives in the renderer as one.
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be a Uint8Array of bytes' });

export const SaveFileRequest = z.object({
  suggestedName: FileName,
  mime: Mime,
  filters: Filters,
  data: Bytes.refine((d) => d.byteLength <= MAX_SAVE_BYTES, `must be at most ${MB(MAX_SAVE_BYTES)}`),
});
export const SaveFileResponse = z.object({ saved: z.boolean(), path: z.string().optional() });

export const OpenFilesRequest = z.object({ filters: Filters, multiple: z.boolean() });
export const OpenedFile = z.object({ name: FileName, mime: Mime, data: Bytes });
export const OpenFilesResponse = z.object({
  files: z
    .array(OpenedFile)
    .max(MAX_OPEN_FILES)
    .refine((files) => files.reduce((n, f) => n + f.data.byteLength, 0) <= MAX_OPEN_TOTAL_BYTES, `the files must be at most ${MB(MAX_OPEN_TOTAL_BYTES)} together`),
});

/** `app:info` takes no request: the renderer calls `appInfo()` with no arguments. */
export const AppInfoRequest = z.undefined();
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  electron: z.string(),
  chrome: z.string(),
  packaged: z.boolean(),
});

/**
 * How safe the relay token is at rest: `encrypted` by the OS keychain (Keychain, DPAPI, libsecret/kwallet),
 * `plain-text` when Linux has no keyring and Electron falls back to its `basic_text` backend (a fixed key: anyone
 * who can read the file can read the token), `unavailable` when safeStorage cannot encrypt at all.
 */
export const SecretProtection = z.enum(['encrypted', 'plain-text', 'unavailable']);
export type SecretProtection = z.infer<typeof SecretProtection>;

/** What the renderer may know about the relay token: whether there is one, never the token itself. */
export const RelayTokenStatus = z.object({
  signedIn: z.boolean(),
  relayUrl: z.string().nullable(),
  protection: SecretProtection,
  /** A plain sentence for the settings page when the token is (or would be) stored unprotected. */
  warning: z.string().nullable(),
  /** The token held is on disk (survives a restart); false when kept in memory only, or when there is none. */
  persisted: z.boolean(),
});
export type RelayTokenStatus = z.infer<typeof RelayTokenStatus>;

const RelayUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'wss:' || u.protocol === 'ws:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) or ws(s) URL without credentials');

export const StoreRelayTokenRequest = z.object({
  relayUrl: RelayUrl,
  token: z.string().regex(/^[A-Za-z0-9._-]{8,4096}$/, 'must be a relay token (letters, digits, . _ -)'),
  /**
   * What to do when the token cannot be protected at rest: `ask` first (answer `needs-consent`, store nothing),
   * `store` it anyway (the person said yes to the prompt), or keep it in `memory-only` until Groundwork quits.
   */
  whenUnprotected: z.enum(['ask', 'store', 'memory-only']),
});
export const ConsentPrompt = z.object({ title: z.string(), message: z.string(), confirm: z.string(), cancel: z.string() });
export type ConsentPrompt = z.infer<typeof ConsentPrompt>;
export const StoreRelayTokenResponse = z.discriminatedUnion('outcome', [
  /** `persisted: false` — kept in main's memory only, until Groundwork quits. */
  z.object({ outcome: z.literal('stored'), protection: SecretProtection, persisted: z.boolean() }),
  /** Nothing was stored: show the prompt, and call again with `whenUnprotected: 'store'` or `'memory-only'`. */
  z.object({ outcome: z.literal('needs-consent'), prompt: ConsentPrompt }),
]);

export const NoRequest = z.undefined();
export const ClearRelayTokenResponse = z.object({ cleared: z.boolean() });
/**
 * `secret:persist`: the person chose "store it in plain text" after signing in with the token kept in memory
 * only (the renderer no longer has the token to send again). `persisted: false` when main holds no token.
 */
export const PersistRelayTokenResponse = z.object({ persisted: z.boolean(), protection: SecretProtection });
/** Whether main reloaded the window after its renderer crashed; reading it clears it (one notice per crash). */
export const CrashNotice = z.object({ crashed: z.boolean(), message: z.string().nullable() });
export const ThemeChoice = z.enum(['system', 'light', 'dark']);
export const SetThemeRequest = z.object({ theme: ThemeChoice });
export const SetThemeResponse = z.object({ dark: z.boolean() });

export const MenuCommandSchema = z.enum(MENU_COMMANDS);

export const CONTRACT = {
  [CHANNELS.saveFile]: { method: 'saveFile', request: SaveFileRequest, response: SaveFileResponse },
  [CHANNELS.openFiles]: { method: 'openFiles', request: OpenFilesRequest, response: OpenFilesResponse },
  [CHANNELS.appInfo]: { method: 'appInfo', request: AppInfoRequest, response: AppInfo },
  [CHANNELS.relayTokenStatus]: { method: 'relayTokenStatus', request: NoRequest, response: RelayTokenStatus },
  [CHANNELS.storeRelayToken]: { method: 'storeRelayToken', request: StoreRelayTokenRequest, response: StoreRelayTokenResponse },
  [CHANNELS.clearRelayToken]: { method: 'clearRelayToken', request: NoRequest, response: ClearRelayTokenResponse },
  [CHANNELS.persistRelayToken]: { method: 'persistRelayToken', request: NoRequest, response: PersistRelayTokenResponse },
  [CHANNELS.takeCrashNotice]: { method: 'takeCrashNotice', request: NoRequest, response: CrashNotice },
  [CHANNELS.setTheme]: { method: 'setTheme', request: SetThemeRequest, response: SetThemeResponse },
} as const satisfies { [C in Channel]: { method: MethodOf<C>; request: z.ZodType; response: z.ZodType } };

type MethodOf<C extends Channel> = { [M in BridgeMethod]: (typeof CHANNELS)[M] extends C ? M : never }[BridgeMethod];

export type Contract = typeof CONTRACT;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export type SaveFileRequest = RequestOf<'file:save'>;
export type SaveFileResponse = ResponseOf<'file:save'>;
export type OpenFilesRequest = RequestOf<'file:open'>;
export type OpenFilesResponse = ResponseOf<'file:open'>;
export type OpenedFile = z.infer<typeof OpenedFile>;
export type AppInfo = ResponseOf<'app:info'>;
export type StoreRelayTokenRequest = RequestOf<'secret:store'>;
export type StoreRelayTokenResponse = ResponseOf<'secret:store'>;
export type PersistRelayTokenResponse = ResponseOf<'secret:persist'>;
export type CrashNotice = ResponseOf<'window:crash-notice'>;
export type ThemeChoice = z.infer<typeof ThemeChoice>;

/**
 * What preload exposes as `window.groundwork`: one named async method per channel. A channel without a request
 * becomes a method without arguments. Preload implements it with `satisfies`; the renderer's Electron platform uses it.
 */
export type GroundworkBridge = {
  readonly [M in BridgeMethod]: [RequestOf<(typeof CHANNELS)[M]>] extends [undefined]
    ? () => Promise<ResponseOf<(typeof CHANNELS)[M]>>
    : (request: RequestOf<(typeof CHANNELS)[M]>) => Promise<ResponseOf<(typeof CHANNELS)[M]>>;
} & BridgeEvents;

/** Main → renderer events: each subscribes a listener and returns the function that unsubscribes it. */
export type BridgeEvents = { readonly [E in BridgeEvent]: (listener: (command: MenuCommand) => void) => () => void };

/** One line per problem, naming the field: "data: must be a Uint8Array of bytes; filters.0.extensions.0: …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parse a request for a channel; on failure, a message that names the channel and every bad field. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ParseResult<z.output<Contract[C]['request']>> {
  const result = CONTRACT[channel].request.safeParse(payload);
  if (result.success) return { ok: true, value: result.data as z.output<Contract[C]['request']> };
  return { ok: false, message: `Invalid request for ${channel}: ${describeIssues(result.error)}` };
}

/** Parse a response main is about to send: a failure here is a bug in main, reported as such. */
export function parseResponse<C extends Channel>(channel: C, value: unknown): ParseResult<ResponseOf<C>> {
  const result = CONTRACT[channel].response.safeParse(value);
  if (result.success) return { ok: true, value: result.data as ResponseOf<C> };
  return { ok: false, message: `Invalid response from ${channel}: ${describeIssues(result.error)}` };
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, value);
}

export { CHANNELS, EVENTS, MENU_COMMANDS, BRIDGE_KEY, BRIDGE_METHODS, RELAY_TOKEN_PLACEHOLDER, isMenuCommand } from './channels.ts';
export type { BridgeEvent, BridgeMethod, Channel, EventChannel, MenuCommand } from './channels.ts';
