import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Icon, type IconName } from '../../ui/icons.tsx';

export interface CheckOption {
  value: string;
  label: ReactNode;
  /** Shown but not changeable (e.g. the columns every table needs). */
  locked?: boolean;
}

/**
 * A disclosure button that opens a small panel of native checkboxes: Tab moves through them, Space
 * toggles, Escape closes and returns focus to the button. Used for multi-select filters and column choice.
 */
export function CheckPopover({
  label,
  buttonText,
  icon,
  options,
  selected,
  onChange,
  footer,
  testId,
  align = 'left',
  highlight = true,
}: {
  label: string;
  buttonText: ReactNode;
  icon?: IconName;
  options: CheckOption[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  footer?: ReactNode;
  testId?: string;
  align?: 'left' | 'right';
  /** Mark the button when anything is chosen (filters), not for settings. */ highlight?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    rootRef.current?.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus();
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const active = highlight && selected.size > 0;
  return (
    <div
      className="popover-anchor"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (open && rootRef.current && e.relatedTarget && !rootRef.current.contains(e.relatedTarget as Node)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`btn filter-btn ${active ? 'is-active' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        {icon && <Icon name={icon} size={14} />}
        {buttonText}
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div id={panelId} className={`popover popover-${align}`} role="group" aria-label={label}>
          <div className="popover-title">{label}</div>
          {options.map((o) => (
            <label key={o.value} className={`popover-option ${o.locked ? 'is-locked' : ''}`}>
              <input
                type="checkbox"
                checked={selected.has(o.value)}
                disabled={o.locked}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(o.value);
                  else next.delete(o.value);
                  onChange(next);
                }}
              />
              <span>{o.label}</span>
            </label>
          ))}
          {footer && <div className="popover-footer">{footer}</div>}
        </div>
      )}
    </div>
  );
}
