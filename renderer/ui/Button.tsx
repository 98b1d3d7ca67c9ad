import { forwardRef, type ButtonHTMLAttributes } from 'react';
import { Icon, type IconName } from './icons.tsx';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: 'sm' | 'md';
  icon?: IconName;
  /** Icon-only buttons must still have an accessible name: pass `label`. */
  label?: string;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = 'secondary', size = 'md', icon, label, className = '', children, type = 'button', ...rest }, ref) {
  const iconOnly = !children && icon;
  const cls = ['btn', variant !== 'secondary' && `btn-${variant}`, size === 'sm' && 'btn-sm', iconOnly && 'btn-icon', className].filter(Boolean).join(' ');
  return (
    <button ref={ref} type={type} className={cls} aria-label={iconOnly ? label : rest['aria-label']} title={iconOnly ? label : rest.title} {...rest}>
      {icon && <Icon name={icon} size={size === 'sm' ? 14 : 16} />}
      {children}
    </button>
  );
});
