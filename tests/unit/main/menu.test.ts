import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS } from '#core/ipc/channels.ts';
import { menuTemplate } from '#main/menu.ts';

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const top = (template: Item[], label: string) => template.find((i) => i.label?.replace('&', '') === label || i.role === label.toLowerCase());

function build(overrides: Partial<Parameters<typeof menuTemplate>[0]> = {}) {
  const send = vi.fn();
  const showAbout = vi.fn();
  const template = menuTemplate({ appName: 'Groundwork', isMac: false, isDev: false, send, showAbout, ...overrides });
  return { template, send, showAbout };
}

const click = (item: Item) => (item.click as unknown as () => void)();

describe('application menu', () => {
  it('has File, Edit, View and Help', () => {
    const { template } = build();
    expect(template.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('File sends New visit, Import/Export bundle and Export report to the renderer', () => {
    const { template, send } = build();
    const file = submenu(top(template, 'File'));
    const labelled = file.filter((i) => i.label);
    expect(labelled.map((i) => i.label)).toEqual(['New Visit', 'Import Bundle…', 'Export Bundle…', 'Export Report…']);
    labelled.forEach(click);
    expect(send.mock.calls.map((c) => c[0])).toEqual(['new-visit', 'import-bundle', 'export-bundle', 'export-report']);
    expect(file.at(-1)?.role).toBe('quit');
  });

  it('Edit uses the standard roles', () => {
    const roles = submenu(top(build().template, 'Edit'))
      .map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
  });

  it('View: zoom and theme always; reload and DevTools only in development', () => {
    const prod = submenu(top(build().template, 'View'));
    expect(prod.map((i) => i.role ?? i.label).filter((x) => x !== 'separator' && x)).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'Toggle Theme',
      'togglefullscreen',
    ]);
    expect(prod.some((i) => i.role === 'reload' || i.role === 'toggleDevTools' || i.role === 'forceReload')).toBe(false);
    const dev = submenu(top(build({ isDev: true }).template, 'View'));
    expect(dev.map((i) => i.role)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('Help: keyboard shortcuts (renderer) and About (native panel)', () => {
    const { template, send, showAbout } = build();
    const help = submenu(top(template, 'Help')).filter((i) => i.label);
    expect(help.map((i) => i.label)).toEqual(['Keyboard Shortcuts', 'About Groundwork']);
    help.forEach(click);
    expect(send).toHaveBeenCalledWith('show-shortcuts');
    expect(showAbout).toHaveBeenCalledTimes(1);
  });

  it('every command it sends is one the preload lets through; accelerators do not collide', () => {
    const { template, send } = build();
    const all = template.flatMap((i) => submenu(i));
    all.filter((i) => i.id?.startsWith('command:')).forEach(click);
    for (const [command] of send.mock.calls) expect(MENU_COMMANDS).toContain(command);
    const accelerators = all.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('on macOS: the app menu with About and Quit, a Window menu, Close instead of Quit in File', () => {
    const { template } = build({ isMac: true });
    expect(template[0]?.label).toBe('Groundwork');
    expect(submenu(template[0]).map((i) => i.role)).toEqual(expect.arrayContaining(['about', 'quit']));
    expect(template.some((i) => i.role === 'windowMenu')).toBe(true);
    expect(submenu(top(template, 'File')).at(-1)?.role).toBe('close');
  });
});
