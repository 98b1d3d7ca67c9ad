import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement, createRef } from 'react';
import { FilterBar, FilterCheckbox, FilterSelect, shownOf, type ListSearchState } from '../../../../renderer/features/common/FilterBar.tsx';
import { ListBody, ListPage } from '../../../../renderer/features/common/ListPage.tsx';
import { FocusAreaTags } from '../../../../renderer/features/common/FocusAreaTags.tsx';

// The Engagements, 311 requests and Library screens share these pieces; their e2e specs cover the screens themselves.
const search = (query = ''): ListSearchState => ({ query, setQuery: () => undefined, deferred: query, ref: createRef<HTMLInputElement>() });
const body = (total: number | undefined, shown: number, noMatch?: string) =>
  renderToStaticMarkup(createElement(ListBody, { total, shown, loadingLabel: 'Loading things', empty: 'EMPTY', noMatch, children: 'TABLE' }));

describe('list page frame', () => {
  it('shows skeleton rows while loading, then the empty state, the no-match state, or the list', () => {
    const loading = body(undefined, 0, 'NOMATCH');
    expect(loading).toContain('class="table-wrap"');
    expect(loading).toContain('aria-label="Loading things"');
    expect(loading).not.toMatch(/EMPTY|NOMATCH|TABLE/);
    expect(body(0, 0, 'NOMATCH')).toBe('<div style="flex:1;min-height:0"><div class="card">EMPTY</div></div>');
    expect(body(5, 0, 'NOMATCH')).toBe('<div style="flex:1;min-height:0"><div class="card">NOMATCH</div></div>');
    expect(body(5, 2, 'NOMATCH')).toBe('<div style="flex:1;min-height:0">TABLE</div>');
  });

  it('keeps showing the list when nothing matches but the list says so itself (no noMatch given)', () => {
    expect(body(5, 0)).toBe('<div style="flex:1;min-height:0">TABLE</div>');
  });

  it('frames the header: title, subtitle, then the actions after a spacer', () => {
    const html = renderToStaticMarkup(
      createElement(ListPage, { title: 'Library', subtitle: 'What the network knows.', actions: createElement('button', null, 'Add'), children: 'BODY' }),
    );
    expect(html).toBe(
      '<div class="page page-fill" style="max-width:none"><div class="page-header"><div><h1>Library</h1><p class="subtitle">What the network knows.</p></div><span class="spacer"></span><button>Add</button></div>BODY</div>',
    );
  });
});

describe('filter bar', () => {
  const bar = (filtering: boolean, searchTestId?: string) =>
    renderToStaticMarkup(
      createElement(FilterBar, {
        search: search('storm'),
        searchLabel: 'Filter the library',
        placeholder: 'Filter by title…',
        searchWidth: 280,
        searchTestId,
        filtering,
        onClear: () => undefined,
        count: '3 of 9 items',
        children: createElement('select', { 'aria-label': 'Filter by kind' }),
      }),
    );

  it('labels the search box, keeps the screen filters in order and announces the count', () => {
    const html = bar(false, 'library-filter');
    expect(html).toMatch(
      /^<div class="toolbar" role="search"><input class="input search-input" style="width:280px" type="search" placeholder="Filter by title…" aria-label="Filter the library" data-testid="library-filter" value="storm"\/><select aria-label="Filter by kind"><\/select>/,
    );
    expect(html).toContain('<span class="spacer"></span><span class="muted" role="status">3 of 9 items</span></div>');
    expect(html).not.toContain('Clear filters');
  });

  it('offers "Clear filters" only while filtering, and leaves the test id off when none is given', () => {
    const html = bar(true);
    expect(html).toContain('>Clear filters</button>');
    expect(html).not.toContain('data-testid');
  });

  it('renders a dropdown with the "all" choice first, and a labelled checkbox', () => {
    const select = renderToStaticMarkup(
      createElement(FilterSelect, {
        label: 'Filter by urgency',
        all: 'Any urgency',
        value: 'high',
        onChange: () => undefined,
        values: ['low', 'high'] as const,
        labelOf: (u: string) => u.toUpperCase(),
      }),
    );
    expect(select).toBe(
      '<select class="select" aria-label="Filter by urgency"><option value="">Any urgency</option><option value="low">LOW</option><option value="high" selected="">HIGH</option></select>',
    );
    const box = renderToStaticMarkup(createElement(FilterCheckbox, { checked: true, onChange: () => undefined, children: 'Assigned to me' }));
    expect(box).toBe('<label class="checkbox"><input type="checkbox" checked=""/> Assigned to me</label>');
  });

  it('counts "N things" when nothing is hidden, else "n of N things"', () => {
    expect(shownOf(12, 12, 'engagements')).toBe('12 engagements');
    expect(shownOf(3, 12, 'engagements')).toBe('3 of 12 engagements');
    expect(shownOf(0, 0, 'requests')).toBe('0 requests');
  });
});

describe('focus area tags', () => {
  it('shows short tags on one line, with the full names on hover', () => {
    expect(renderToStaticMarkup(createElement(FocusAreaTags, { areas: ['operations-budget', 'housing'] }))).toBe(
      '<span class="tags" style="flex-wrap:nowrap;overflow:hidden" title="Government operations &amp; budget, Housing"><span class="tag">Ops &amp; budget</span><span class="tag">Housing</span></span>',
    );
  });
});
