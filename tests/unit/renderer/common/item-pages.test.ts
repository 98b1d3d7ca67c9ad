import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement, type ReactNode } from 'react';
import type { EngagementSession } from '../../../../renderer/data/session.ts';
import { ItemPageStates, type ItemPage } from '../../../../renderer/features/common/ItemPageStates.tsx';
import { RequiredTitleInput } from '../../../../renderer/features/common/RequiredTitleInput.tsx';
import { ConfidentialField } from '../../../../renderer/features/common/ConfidentialField.tsx';
import { FilteredListTab, type TabFilters } from '../../../../renderer/features/common/FilteredListTab.tsx';
import { titleColumn } from '../../../../renderer/features/common/titleColumn.tsx';

// The visit and finding pages and their tabs share these pieces; their e2e specs (foundation, desktop) cover the screens.
const session = {} as EngagementSession;
const states = (page: Partial<ItemPage<{ title: string }>>) =>
  renderToStaticMarkup(
    createElement(ItemPageStates<{ title: string }>, {
      page: { engagementId: 'e1', session: null, error: null, result: undefined, ...page },
      noun: 'visit',
      tab: 'visits',
      missingIcon: 'clipboard',
      missingText: 'MISSING',
      quarantinedText: 'KEPT AS RECEIVED',
      skeleton: { main: 240, rows: 6, side: 320 },
      children: (_s: EngagementSession, item: { title: string }): ReactNode => `EDITOR ${item.title}`,
    }),
  );

describe('item page states', () => {
  it('says the engagement could not be opened, before anything else', () => {
    const html = states({ error: 'disk full', session });
    expect(html).toContain('This engagement could not be opened');
    expect(html).toContain('disk full');
    expect(html).toContain('Go to engagements');
    expect(html).not.toContain('EDITOR');
  });

  it('shows a skeleton shaped like the editor while the engagement opens', () => {
    const html = states({});
    expect(html).toContain('class="page visit-page" aria-busy="true"');
    expect(html).toContain('aria-label="Loading the visit"');
    expect(html).toContain('height:240px');
    expect(html).toContain('height:320px');
    expect(html.match(/class="row"/g)).toHaveLength(6);
  });

  it('names a missing item and offers the way back to its tab', () => {
    const html = states({ session });
    expect(html).toContain('<h2>This visit is not here</h2>');
    expect(html).toContain('MISSING');
    expect(html).toContain('Back to visits');
  });

  it('lists the problems of an item whose stored data is not valid, and renders the editor for a valid one', () => {
    const bad = states({ session, result: { ok: false, collection: 'visits', id: 'v1', problems: ['title: required', 'date: invalid'] } });
    expect(bad).toContain('data-testid="visit-quarantined"');
    expect(bad).toContain('<strong>This visit cannot be shown because its stored data is not valid.</strong><p>KEPT AS RECEIVED</p>');
    expect(bad).toContain('<li>title: required</li><li>date: invalid</li>');
    expect(states({ session, result: { ok: true, value: { title: 'Walk' } } })).toBe('EDITOR Walk');
  });
});

describe('item page fields', () => {
  it('the title input carries its label, limit and test id, with no error until a blank title is committed', () => {
    const html = renderToStaticMarkup(
      createElement(RequiredTitleInput, { value: 'Walk', onCommit: () => undefined, noun: 'finding', label: 'Finding title', testId: 'finding-title' }),
    );
    expect(html).toBe('<input class="visit-title-input" aria-label="Finding title" maxLength="200" data-testid="finding-title" value="Walk"/>');
  });

  it('the visibility switch is a labelled checkbox described by its hint', () => {
    const html = renderToStaticMarkup(
      createElement(ConfidentialField, { hint: 'Left out of the public report.', checked: true, onChange: () => undefined, testId: 'visit-confidential' }),
    );
    const id = /<input type="checkbox" id="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`<label class="field-label" for="${id}">Visibility</label>`);
    expect(html).toContain(`aria-describedby="${id}-hint" data-testid="visit-confidential" checked=""/>Confidential</label>`);
    expect(html).toContain(`<span class="field-hint" id="${id}-hint">Left out of the public report.</span>`);
  });

  it('the title column tags confidential items and sorts without regard to case', () => {
    const col = titleColumn<{ title: string; confidential: boolean }>('1fr');
    expect(renderToStaticMarkup(createElement('div', null, col.render({ title: 'Walk', confidential: true })))).toContain(
      '<span class="tag">Confidential</span>',
    );
    expect(renderToStaticMarkup(createElement('div', null, col.render({ title: 'Walk', confidential: false })))).not.toContain('Confidential');
    expect(col.sortValue?.({ title: 'Walk', confidential: false })).toBe('walk');
  });
});

type Row = { id: string; title: string; confidential: boolean };
const filters = (filtering: boolean): TabFilters<{ kind: string }> => ({
  query: '',
  setQuery: () => undefined,
  deferred: '',
  values: { kind: filtering ? 'need' : '' },
  set: () => undefined,
  filtering,
  clear: () => undefined,
});
const tab = (rows: Row[] | undefined, shown: Row[], filtering = false) =>
  renderToStaticMarkup(
    createElement(FilteredListTab<Row, { kind: string }>, {
      title: 'Findings',
      countTestId: 'findings-count',
      count: 'COUNT',
      action: createElement('button', null, 'NEW'),
      rows,
      loadingLabel: 'Loading findings',
      empty: 'EMPTY',
      filterLabel: 'Filter findings',
      state: filters(filtering),
      search: { label: 'Search findings', placeholder: 'Search', testId: 'findings-search' },
      filters: [{ key: 'kind', label: 'Kind', anyLabel: 'Needs and strengths', options: [{ value: 'need', label: 'Needs only' }], testId: 'filter-kind' }],
      noMatch: { title: 'No findings match', noun: 'finding', advice: 'loosen one filter at a time.' },
      table: {
        label: 'Findings',
        testId: 'findings-table',
        rows: shown,
        columns: [titleColumn<Row>('1fr')],
        initialSort: { column: 'title', dir: 'asc' },
        onOpen: () => undefined,
      },
      newKey: { key: 'F', label: 'new finding' },
    }),
  );

describe('list tab frame', () => {
  const rows: Row[] = [{ id: 'f1', title: 'One', confidential: false }];
  it('shows skeleton rows while loading, then the empty state with no "new" button in the heading', () => {
    const loading = tab(undefined, []);
    expect(loading).toContain('aria-label="Loading findings"');
    expect(loading).not.toMatch(/NEW|EMPTY|role="search"/);
    const empty = tab([], []);
    expect(empty).toContain('<div class="card">EMPTY</div>');
    expect(empty).not.toContain('NEW');
  });

  it('with rows: the heading action, the search toolbar with its filters, and the keyboard hints', () => {
    const html = tab(rows, rows);
    expect(html).toContain('<p class="muted" aria-live="polite" data-testid="findings-count">COUNT</p>');
    expect(html).toContain('<button>NEW</button>');
    expect(html).toContain('role="search" aria-label="Filter findings"');
    expect(html).toContain('data-testid="findings-search"');
    expect(html).toContain('<select class="select " aria-label="Kind" data-testid="filter-kind">');
    expect(html).not.toContain('Clear filters');
    expect(html).toContain('<kbd>F</kbd> new finding');
  });

  it('when the filters hide every row: highlights the active filter and says how many are hidden', () => {
    const html = tab([...rows, { id: 'f2', title: 'Two', confidential: true }], [], true);
    expect(html).toContain('class="select is-active"');
    expect(html).toContain('<h2>No findings match</h2>');
    expect(html).toContain('2 findings are hidden by the search or filters. Clear them, or loosen one filter at a time.');
    expect(html.match(/Clear filters/g)).toHaveLength(2);
  });
});
