import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button } from './Button.tsx';

export interface ToastInput {
  message: string;
  tone?: 'info' | 'error';
  /** e.g. Undo: the action that takes the change back. */
  action?: { label: string; run: () => void };
  timeoutMs?: number;
}
interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<(t: ToastInput) => void>(() => undefined);

export function useToast() {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((xs) => xs.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (t: ToastInput) => {
      const id = next.current++;
      setItems((xs) => [...xs.slice(-3), { ...t, id }]);
      setTimeout(() => dismiss(id), t.timeoutMs ?? (t.tone === 'error' ? 10000 : 6000));
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="region" aria-label="Notifications">
        {items.map((t) => (
          <div key={t.id} className={`toast ${t.tone === 'error' ? 'toast-error' : ''}`} role={t.tone === 'error' ? 'alert' : 'status'}>
            <span style={{ flex: 1 }}>{t.message}</span>
            {t.action && (
              <Button
                size="sm"
                onClick={() => {
                  t.action!.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </Button>
            )}
            <Button size="sm" variant="ghost" icon="x" label="Dismiss notification" onClick={() => dismiss(t.id)} style={{ color: 'inherit' }} />
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
