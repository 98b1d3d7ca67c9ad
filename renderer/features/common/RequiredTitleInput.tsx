import { forwardRef, useState } from 'react';
import { SyncedInput } from '../../ui/SyncedInput.tsx';

/**
 * The big title field at the top of an item page (a visit, a finding). The schema refuses an empty title, so
 * instead of a failed write the field says so and keeps the stored title until one is typed; the message goes
 * when the field loses focus (the input then shows the stored title again). Shared so both pages behave alike.
 */
export const RequiredTitleInput = forwardRef<
  HTMLInputElement,
  { value: string; onCommit: (title: string) => void; noun: string; label: string; testId: string }
>(function RequiredTitleInput({ value, onCommit, noun, label, testId }, ref) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <SyncedInput
        ref={ref}
        className="visit-title-input"
        value={value}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        maxLength={200}
        onCommit={(title) => {
          if (!title.trim()) {
            setError(`The ${noun} needs a title; the last one is kept until you type one.`);
            return;
          }
          setError(null);
          onCommit(title);
        }}
        onBlur={() => setError(null)}
        data-testid={testId}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
});
