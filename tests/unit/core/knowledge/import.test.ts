import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyLibraryImport, importLibraryFiles, libraryMap, MAX_IMPORT_FILE_CHARS, parseCsv, readLibrary } from '#core/knowledge/index.ts';

const ctx = { author: 'lead-1', now: () => new Date('2026-03-01T10:00:00Z') };

const GOOD_MD = {
  name: 'land-banks.md',
  text: `---
title: "Setting up a land bank"
kind: case study
author: Ruth Adeyemi
date: 2025-01-02
focus areas: [land-use, Housing]
tags:
  - land bank
  - vacancy
---
# Ignored heading? No: the title came from the front matter.

Start with the state law.
`,
};

describe('importLibraryFiles', () => {
  it('reads Markdown front matter: kinds and focus areas by label or slug, tags as a list, the rest as body', () => {
    const { items, skipped } = importLibraryFiles([GOOD_MD]);
    expect(skipped).toEqual([]);
    expect(items).toHaveLength(1);
    const i = items[0]!;
    expect(i).toMatchObject({ title: 'Setting up a land bank', kind: 'case-study', author: 'Ruth Adeyemi', date: '2025-01-02', focusAreas: ['land-use', 'housing'], tags: ['land bank', 'vacancy'] });
    expect(i.body).toContain('Start with the state law.');
  });

  it('takes the title from the first heading when the front matter has none', () => {
    const { items } = importLibraryFiles([{ name: 'a.md', text: '---\nauthor: A. Writer\ndate: 2025-02-03\n---\n# Side lots\n\nSell to neighbours.' }]);
    expect(items[0]!.title).toBe('Side lots');
    expect(items[0]!.body).toBe('Sell to neighbours.');
  });

  it('reads a JSON list and a CSV list with quoted fields, commas and newlines inside quotes', () => {
    const json = { name: 'list.json', text: JSON.stringify({ items: [{ title: 'GFOA', kind: 'link', author: 'GFOA', date: '2025-01-15', url: 'https://www.gfoa.org/best-practices', focusAreas: ['operations-budget'] }] }) };
    const csv = {
      name: 'list.csv',
      text: 'title,kind,author,date,focus areas,tags,summary\r\n"Overtime, explained",guide,Priya Lindqvist,2025-07-29,operations-budget;public-safety,overtime|staffing,"Line one\nline two with ""quotes"""\n',
    };
    const { items, skipped } = importLibraryFiles([json, csv]);
    expect(skipped).toEqual([]);
    expect(items.map((i) => i.title)).toEqual(['GFOA', 'Overtime, explained']);
    expect(items[1]!.focusAreas).toEqual(['operations-budget', 'public-safety']);
    expect(items[1]!.tags).toEqual(['overtime', 'staffing']);
    expect(items[1]!.summary).toBe('Line one\nline two with "quotes"');
  });

  it('reports every bad file or row with its reason, and keeps the good ones', () => {
    const big = { name: 'huge.md', text: `---\ntitle: Big\nauthor: X\ndate: 2025-01-01\n---\n${'x'.repeat(MAX_IMPORT_FILE_CHARS + 1)}` };
    const files = [
      GOOD_MD,
      { name: 'no-title.md', text: '---\nauthor: A\ndate: 2025-01-01\n---\nNo heading here.' },
      { name: 'bad-date.md', text: '---\ntitle: T\nauthor: A\ndate: 2025-02-30\n---\nbody' },
      { name: 'bad-kind.md', text: '---\ntitle: T\nauthor: A\ndate: 2025-02-01\nkind: poster\n---\nbody' },
      { name: 'bad-focus.md', text: '---\ntitle: T\nauthor: A\ndate: 2025-02-01\nfocus areas: [parks]\n---\nbody' },
      { name: 'unclosed.md', text: '---\ntitle: T\nauthor: A\n' },
      { name: 'broken.csv', text: 'title,author,date\n"Unclosed,A,2025-01-01\n' },
      { name: 'rows.csv', text: 'title,author,date\nGood row,A,2025-01-01\n,A,2025-01-01\nBad date,A,01/02/2025\nToo,many,2025-01-01,fields\n' },
      { name: 'broken.json', text: '[{"title": "T",}]' },
      { name: 'not-a-list.json', text: '{"title": "T"}' },
      { name: 'entries.json', text: JSON.stringify([{ title: 'Ok', author: 'A', date: '2025-01-01' }, 'text', { title: 'No author', date: '2025-01-01' }]) },
      big,
      { name: 'photo.png', text: 'PNG' },
    ];
    const { items, skipped } = importLibraryFiles(files);
    expect(items.map((i) => i.title)).toEqual(['Setting up a land bank', 'Good row', 'Ok']);
    const why = (name: string, row?: number) => skipped.find((s) => s.name === name && s.row === row)?.reason;
    expect(why('no-title.md')).toBe('Title is missing.');
    expect(why('bad-date.md')).toBe('Date "2025-02-30" is not a real date written as YYYY-MM-DD.');
    expect(why('bad-kind.md')).toMatch(/^Kind "poster" is not one of: guide, case study, memo/);
    expect(why('bad-focus.md')).toMatch(/^Focus area "parks" is not one of/);
    expect(why('unclosed.md')).toMatch(/never closed/);
    expect(why('broken.csv')).toBe('Broken CSV quoting: the quoted field opened on line 2 is never closed.');
    expect(why('rows.csv', 2)).toBe('Title is missing.');
    expect(why('rows.csv', 3)).toBe('Date "01/02/2025" is not a real date written as YYYY-MM-DD.');
    expect(why('rows.csv', 4)).toBe('Has 4 fields but the header names 3 columns.');
    expect(why('broken.json')).toMatch(/^Is not valid JSON \(/);
    expect(why('not-a-list.json')).toMatch(/^Must hold a list of items/);
    expect(why('entries.json', 2)).toBe('Is not an object with fields.');
    expect(why('entries.json', 3)).toBe('Author is required.');
    expect(why('huge.md')).toBe('Is too large: 1.1 MB, and the limit is 1.0 MB per file.');
    expect(why('photo.png')).toMatch(/not a Markdown/);
    expect(skipped).toHaveLength(15);
  });

  it('flags a stray quote inside an unquoted CSV field', () => {
    expect(parseCsv('title\nab"c\n')).toEqual({ ok: false, reason: expect.stringMatching(/^Broken CSV quoting on line 2/) });
    expect(parseCsv('title\n"ab"c\n')).toEqual({ ok: false, reason: expect.stringMatching(/text follows a closing quote/) });
  });

  it('keeps an item repeated in one import once', () => {
    const { items, skipped } = importLibraryFiles([GOOD_MD, { ...GOOD_MD, name: 'copy.md' }]);
    expect(items).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(/more than once/);
  });
});

describe('applyLibraryImport', () => {
  const files = [GOOD_MD, { name: 'no-title.md', text: '---\nauthor: A\ndate: 2025-01-01\n---\nbody' }, { name: 'b.json', text: JSON.stringify([{ title: 'Second', author: 'B', date: '2025-03-03' }]) }];

  it('writes the accepted items in one transaction and reports the skipped', () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const r = applyLibraryImport(doc, ctx, importLibraryFiles(files));
    expect(r.refused).toBe(false);
    expect(r.written.map((i) => i.title)).toEqual(['Setting up a land bank', 'Second']);
    expect(r.skipped).toEqual([{ name: 'no-title.md', reason: 'Title is missing.' }]);
    expect(transactions).toBe(1);
    expect(readLibrary(doc).items).toHaveLength(2);
  });

  it('all-or-nothing: one bad file means nothing is written', () => {
    const doc = new Y.Doc();
    const r = applyLibraryImport(doc, ctx, importLibraryFiles(files), { allOrNothing: true });
    expect(r.refused).toBe(true);
    expect(r.written).toEqual([]);
    expect(libraryMap(doc).size).toBe(0);
  });

  it('never overwrites an item already in the library', () => {
    const doc = new Y.Doc();
    const list = { name: 'x.json', text: JSON.stringify([{ id: 'lib-a', title: 'A', author: 'A', date: '2025-01-01' }]) };
    applyLibraryImport(doc, ctx, importLibraryFiles([list]));
    const again = applyLibraryImport(doc, ctx, importLibraryFiles([{ ...list, text: JSON.stringify([{ id: 'lib-a', title: 'Changed', author: 'A', date: '2025-01-01' }]) }]));
    expect(again.written).toEqual([]);
    expect(again.skipped[0]!.reason).toBe('An item with id "lib-a" is already in the library.');
    expect(readLibrary(doc).items[0]!.title).toBe('A');
  });
});
