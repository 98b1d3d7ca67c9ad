import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '#core/ipc/channels.ts';
import { menuFallbackMessage, toggledTheme } from '#renderer/platform/menu-commands.ts';

describe('menu commands in the workbench', () => {
  it('says what to open when a command has nothing to act on', () => {
    expect(menuFallbackMessage('export-report')).toBe('Open an engagement to export its report.');
    expect(menuFallbackMessage('new-visit')).toMatch(/Open an engagement/);
    expect(menuFallbackMessage('export-bundle')).toMatch(/Open an engagement/);
    // Always handled by the shell itself: nothing to say.
    expect(menuFallbackMessage('toggle-theme')).toBeNull();
    expect(menuFallbackMessage('show-shortcuts')).toBeNull();
    for (const c of MENU_COMMANDS) expect(() => menuFallbackMessage(c)).not.toThrow();
  });

  it('Toggle Theme switches to the opposite of what is on screen', () => {
    expect(toggledTheme(true)).toBe('light');
    expect(toggledTheme(false)).toBe('dark');
  });
});
