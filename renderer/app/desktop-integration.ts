import { useEffect, useRef } from 'react';
import { getPlatform, type MenuCommand } from '../platform/index.ts';
import { menuFallbackMessage, toggledTheme } from '../platform/menu-commands.ts';
import { installWindowDropGuard } from '../platform/window-drop.ts';
import { useToast } from '../ui/Toasts.tsx';
import { href, navigate } from './router.tsx';
import { runCommand } from './commands.ts';
import { useWorkspace } from './workspace-context.tsx';
import type { ThemeChoice } from './theme.ts';

/**
 * The workbench's side of the desktop shell, mounted once by Shell: the application menu's commands, the notice
 * after main reloaded a crashed window, and files dropped anywhere on the window. In a browser the menu and the
 * crash notice never fire; the drop guard works in both.
 */
export function useDesktopIntegration(setTheme: (t: ThemeChoice) => void): void {
  const toast = useToast();
  const ws = useWorkspace();
  const latest = useRef({ toast, ws, setTheme });
  latest.current = { toast, ws, setTheme };

  useEffect(() => {
    let live = true;
    void getPlatform()
      .takeCrashNotice()
      .then((message) => {
        if (live && message) latest.current.toast({ message, timeoutMs: 20_000 });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      getPlatform().onMenuCommand((command: MenuCommand) => {
        const { toast, setTheme } = latest.current;
        if (command === 'toggle-theme') {
          setTheme(toggledTheme(document.documentElement.dataset.theme === 'dark'));
          return;
        }
        // The menu gives the page no user activation, so a hidden <input type=file> cannot open: use the
        // native dialog through the platform instead.
        if (command === 'import-bundle') {
          void importBundleFromMenu();
          return;
        }
        if (!runCommand(command)) {
          const message = menuFallbackMessage(command);
          if (message) toast({ message });
        }
      }),
    [],
  );

  useEffect(
    () =>
      installWindowDropGuard(window, {
        findVisitDropZone: () => document.querySelector('[data-testid="visit-editor"]'),
        notify: (message) => latest.current.toast({ message }),
      }),
    [],
  );

  async function importBundleFromMenu(): Promise<void> {
    const { toast, ws } = latest.current;
    try {
      const [file] = await getPlatform().openFiles({ accept: ['.zip', 'application/zip'], multiple: false });
      if (!file) return;
      const r = await ws.importBundle(new Uint8Array(await file.arrayBuffer()));
      toast({
        message: r.merged ? `Merged “${file.name}” into the engagement you already had (${r.photos} photos).` : `Imported “${file.name}” (${r.photos} photos).`,
        action: { label: 'Open', run: () => navigate(href.engagement(r.engagementId)) },
      });
    } catch (err) {
      toast({ tone: 'error', message: `The file could not be imported: ${(err as Error).message ?? String(err)}` });
    }
  }
}
