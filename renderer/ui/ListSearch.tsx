import { forwardRef } from 'react';
import { Icon } from './icons.tsx';

/**
 * The search box above a list: Escape clears it, and (when `tableTestId` is given) ArrowDown moves focus into the
 * table so the keyboard can carry on from typing to choosing a row. Focused by the global "find" shortcut.
 */
export const ListSearch = forwardRef<
  HTMLInputElement,
  { value: string; onChange: (next: string) => void; label: string; placeholder: string; testId: string; tableTestId?: string; className?: string }
>(function ListSearch({ value, onChange, label, placeholder, testId, tableTestId, className = 'list-search' }, ref) {
  return (
    <div className={className}>
      <Icon name="search" size={14} />
      <input
        ref={ref}
        type="search"
        className="input"
        placeholder={placeholder}
        aria-label={label}
        aria-keyshortcuts="/ Control+F"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
          if (tableTestId && e.key === 'ArrowDown') {
            e.preventDefault();
            document.querySelector<HTMLElement>(`[data-testid="${tableTestId}"]`)?.focus();
          }
        }}
        data-testid={testId}
      />
    </div>
  );
});
