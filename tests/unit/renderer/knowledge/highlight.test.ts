import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement, Fragment } from 'react';
import { highlight, windowAround } from '../../../../renderer/features/search/highlight.tsx';

const html = (text: string, terms: string[]) => renderToStaticMarkup(createElement(Fragment, null, highlight(text, terms)));

describe('search highlighting', () => {
  it('marks every matched word from its start, case-insensitively, and leaves the rest as text', () => {
    expect(html('Housing code enforcement and housing courts', ['housing'])).toBe('<mark>Housing</mark> code enforcement and <mark>housing</mark> courts');
  });

  it('marks prefix matches inside longer words only at a word start', () => {
    // The index reports the matched indexed word ("vacant"); "vacancy" shares no whole word and is not marked.
    expect(html('Vacant lots; a vacancy rate; the unvacant', ['vacant'])).toBe('<mark>Vacant</mark> lots; a vacancy rate; the unvacant');
  });

  it('prefers the longest term when two overlap, and escapes regex characters in terms', () => {
    expect(html('land bank and landlords', ['land', 'landlords'])).toBe('<mark>land</mark> bank and <mark>landlords</mark>');
    expect(html('cost (c++) and a.b', ['c++', 'a.b'])).toBe('cost (<mark>c++</mark>) and <mark>a.b</mark>');
  });

  it('escapes the text itself (no markup injection) and returns it unchanged without terms', () => {
    expect(html('<b>bold</b> housing', ['housing'])).toBe('&lt;b&gt;bold&lt;/b&gt; <mark>housing</mark>');
    expect(highlight('plain', [])).toBe('plain');
  });

  it('windows long text around the first match and keeps short or early matches from the start', () => {
    const long = `${'Background. '.repeat(30)}The land bank holds 400 parcels. ${'More. '.repeat(40)}`;
    const w = windowAround(long, ['land'], 120);
    expect(w.startsWith('…')).toBe(true);
    expect(w).toContain('land bank holds 400 parcels');
    expect(w.length).toBeLessThanOrEqual(122);
    expect(windowAround('land first, then more', ['land'])).toBe('land first, then more');
    expect(windowAround('', ['x'])).toBe('');
  });
});
