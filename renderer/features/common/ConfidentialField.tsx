import { Field } from '../../ui/Field.tsx';

/** The "Visibility" switch of an item page: a confidential item is left out of the public report (the hint says what that covers). */
export function ConfidentialField({
  hint,
  checked,
  onChange,
  testId,
}: {
  hint: string;
  checked: boolean;
  onChange: (confidential: boolean) => void;
  testId: string;
}) {
  return (
    <Field label="Visibility" hint={hint}>
      {(p) => (
        <label className="checkbox">
          <input
            type="checkbox"
            id={p.id}
            aria-describedby={p['aria-describedby']}
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
            data-testid={testId}
          />
          Confidential
        </label>
      )}
    </Field>
  );
}
