import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from './Button.tsx';

/** A modal built on <dialog>: the browser traps focus and Escape closes it. */
export function Dialog({ open, title, onClose, children, footer, wide }: { open: boolean; title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The body mounts only once the <dialog> is modal: React's autoFocus runs as an element mounts, and
  // focusing inside a dialog that is still closed does nothing (focus then fell on the Close button).
  const [shown, setShown] = useState(false);
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
    setShown(open);
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      style={wide ? { width: 'min(880px, calc(100vw - 48px))' } : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && shown && (
        <>
          <div className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <span className="spacer" />
            <Button variant="ghost" icon="x" label="Close" onClick={onClose} />
          </div>
          <div className="dialog-body">{children}</div>
          {footer && <div className="dialog-footer">{footer}</div>}
        </>
      )}
    </dialog>
  );
}
