import { useEffect, useState } from 'react';
import { getPlatform } from '../platform/index.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'groundwork.theme';

function systemDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Light/dark following the system unless the user picked one; stored per device. */
export function useTheme(): [ThemeChoice, (t: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => (localStorage.getItem(KEY) as ThemeChoice) || 'system');
  useEffect(() => {
    // Electron: native menus, dialogs and the window background follow the same choice (nativeTheme).
    void getPlatform().setTheme(choice).catch(() => undefined);
    const apply = () => {
      const dark = choice === 'dark' || (choice === 'system' && systemDark());
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    mq?.addEventListener('change', apply);
    return () => mq?.removeEventListener('change', apply);
  }, [choice]);
  return [
    choice,
    (t) => {
      localStorage.setItem(KEY, t);
      setChoice(t);
    },
  ];
}
