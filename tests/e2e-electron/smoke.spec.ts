import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BRIDGE_METHODS } from '../../core/ipc/channels.ts';
import { findElectron, REPO_ROOT } from './electron-binary.ts';

const binary = findElectron();
const skipReason = 'missing' in binary ? `Electron binary not installed on this machine: ${binary.missing}. The desktop smoke suite was skipped; the same workbench is tested in Chromium by tests/e2e.` : null;
if (skipReason) console.log(`\n${skipReason}\n`);

test.describe('Electron smoke', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    if (!existsSync(path.join(REPO_ROOT, 'out', 'main', 'index.js'))) throw new Error('out/main/index.js is missing: run `npx electron-vite build` first.');
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.ELECTRON_RENDERER_URL;
    app = await electron.launch({ executablePath: binary.path, args: [REPO_ROOT], cwd: REPO_ROOT, env });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one window titled Groundwork, served from app://', async () => {
    await expect(page).toHaveTitle('Groundwork');
    expect(page.url()).toMatch(/^app:\/\/groundwork\//);
    expect(app.windows()).toHaveLength(1);
  });

  test('window.groundwork has exactly the contract functions, and nothing of Node or IPC leaks', async () => {
    const shape = await page.evaluate(() => {
      const bridge = (window as unknown as { groundwork?: Record<string, unknown> }).groundwork;
      const w = window as unknown as Record<string, unknown>;
      return {
        keys: bridge ? Object.keys(bridge).sort() : null,
        types: bridge ? Object.values(bridge).map((v) => typeof v) : [],
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    expect(shape.keys).toEqual([...BRIDGE_METHODS]);
    expect(new Set(shape.types)).toEqual(new Set(['function']));
    expect(shape).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  });

  test('appInfo answers through the bridge', async () => {
    const info = await page.evaluate(() => (window as unknown as { groundwork: { appInfo(): Promise<unknown> } }).groundwork.appInfo());
    expect(info).toMatchObject({ name: 'Groundwork', packaged: false, electron: expect.any(String), chrome: expect.any(String) });
  });

  test('a bad payload is refused with a clear message', async () => {
    const message = await page.evaluate(() =>
      (window as unknown as { groundwork: { saveFile(r: unknown): Promise<unknown> } }).groundwork
        .saveFile({ suggestedName: '../evil', mime: 'text/plain', filters: [], data: 'x' })
        .then(() => 'saved?!', (e: Error) => e.message),
    );
    expect(message).toMatch(/^Invalid request for file:save: /);
  });
});
