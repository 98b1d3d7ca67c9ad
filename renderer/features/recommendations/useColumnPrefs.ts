import { useCallback, useState } from 'react';

/**
 * Which optional columns are hidden, remembered on this device. Stored as the hidden set so a column
 * added in a later version shows up by default.
 */
export function useHiddenColumns(key: string, defaults: string[] = []): [ReadonlySet<string>, (next: ReadonlySet<string>) => void] {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => {
    try {
      const raw = window.localStorage.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      if (Array.isArray(parsed)) return new Set(parsed.filter((x): x is string => typeof x === 'string'));
    } catch {
      // Unreadable preference: fall back to the defaults.
    }
    return new Set(defaults);
  });
  const update = useCallback(
    (next: ReadonlySet<string>) => {
      setHidden(next);
      try {
        window.localStorage.setItem(key, JSON.stringify([...next]));
      } catch {
        // Storage full or disabled: the choice still holds for this session.
      }
    },
    [key],
  );
  return [hidden, update];
}
