import type { ReactNode } from 'react';
import { Icon } from './icons.tsx';

/**
 * An error banner that lists problems under one sentence: refused saves, stored data that is not valid, a visit
 * that could not be created. role=alert, so a screen reader reads it when it appears. Nothing when the list is
 * empty.
 */
export function ProblemsBanner({
  title,
  problems,
  icon = false,
  testId,
  intro,
  outro,
}: {
  title: string;
  problems: readonly string[];
  /** The alert icon before the text (banners in a page; dialogs keep it plain). */
  icon?: boolean;
  testId?: string;
  /** A sentence between the title and the list. */
  intro?: ReactNode;
  /** A sentence after the list. */
  outro?: ReactNode;
}) {
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      {icon && <Icon name="alert" />}
      <div>
        <strong>{title}</strong>
        {intro}
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
        {outro}
      </div>
    </div>
  );
}
