import type { MenuCommand } from '#core/ipc/channels.ts';

/**
 * What the workbench says when a desktop-menu command has nothing to act on in the screen showing now (the
 * commands themselves are the same ones the keyboard shortcuts and buttons run: renderer/app/commands.ts).
 */
const NEEDS: Record<MenuCommand, string> = {
  'new-visit': 'Open an engagement to add a visit to it.',
  'export-bundle': 'Open an engagement to export it as a bundle.',
  'export-report': 'Open an engagement to export its report.',
  'import-bundle': 'Bundles are imported from Settings.',
  'toggle-theme': '',
  'show-shortcuts': '',
};

export function menuFallbackMessage(command: MenuCommand): string | null {
  return NEEDS[command] || null;
}

/** The theme View → Toggle Theme switches to: the opposite of what is on screen now, whatever the choice was. */
export function toggledTheme(showingDark: boolean): 'light' | 'dark' {
  return showingDark ? 'light' : 'dark';
}
