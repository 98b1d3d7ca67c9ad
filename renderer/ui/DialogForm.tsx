import type { ReactNode } from 'react';
import { ProblemsBanner } from './ProblemsBanner.tsx';

/**
 * What a refused save says, above the fields: the schema's sentences as a list, announced to screen readers
 * (role=alert). Nothing when there is nothing to fix.
 */
export function FormErrors({ errors, testId }: { errors: readonly string[]; testId?: string }) {
  return <ProblemsBanner title="Please fix the following:" problems={errors} testId={testId} />;
}

/**
 * The body of a dialog that saves something: a form (so Enter in any field saves, as in every desktop dialog; the
 * visible buttons live in the dialog's footer, outside the form, hence the hidden submit button), the refusal
 * banner above the fields, then the fields on the 8-px grid.
 */
export function DialogForm({ onSubmit, errors = [], errorsTestId, children }: { onSubmit: () => void; errors?: readonly string[]; errorsTestId?: string; children: ReactNode }) {
  return (
    <form
      className="stack"
      style={{ gap: 16 }}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <FormErrors errors={errors} testId={errorsTestId} />
      {children}
      <button type="submit" hidden tabIndex={-1} />
    </form>
  );
}
