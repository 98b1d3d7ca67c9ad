import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { entrySentence } from '../../../../renderer/features/common/EntryDialog.tsx';
import { DialogForm } from '../../../../renderer/ui/DialogForm.tsx';

describe('EntryDialog', () => {
  it('names the field, not the place in the engagement, inside the dialog for one entry', () => {
    expect(entrySentence('Indicators (item 6, name) is required.')).toBe('Name is required.');
    expect(entrySentence('Team (item 2, email) must be an email address.')).toBe('Email must be an email address.');
    // Anything else is left as the schema said it.
    expect(entrySentence('End date must not be before the start date.')).toBe('End date must not be before the start date.');
  });
});

describe('DialogForm', () => {
  it('lists refusals above the fields in an alert, and saves on Enter through a hidden submit button', () => {
    const html = renderToStaticMarkup(createElement(DialogForm, { onSubmit: () => undefined, errors: ['City is required.'], errorsTestId: 'x-errors', children: createElement('input', { 'aria-label': 'City' }) }));
    expect(html).toContain('role="alert"');
    expect(html).toContain('data-testid="x-errors"');
    expect(html).toContain('Please fix the following:');
    expect(html.indexOf('City is required.')).toBeLessThan(html.indexOf('aria-label="City"'));
    expect(html).toMatch(/<button type="submit" hidden="" tabindex="-1"><\/button>/);
  });

  it('shows no banner when nothing was refused', () => {
    const html = renderToStaticMarkup(createElement(DialogForm, { onSubmit: () => undefined, children: 'fields' }));
    expect(html).not.toContain('role="alert"');
  });
});
