import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons.tsx';

/** Says what is missing and what to do next — never just "No data". */
export function EmptyState({ icon, title, children, actions }: { icon: IconName; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <div className="empty-icon">
        <Icon name={icon} size={24} />
      </div>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
