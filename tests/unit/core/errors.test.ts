import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldPath, parseOrThrow, readableErrors, ValidationError } from '#core/errors.ts';

describe('readable errors', () => {
  it('humanizes field paths', () => {
    expect(fieldPath([])).toBe('The value');
    expect(fieldPath(['endDate'])).toBe('End date');
    expect(fieldPath(['team', 0, 'email'])).toBe('Team (item 1, email)');
    expect(fieldPath(['due_date'])).toBe('Due date');
  });

  it('turns a missing field into "is required"', () => {
    const r = z.object({ title: z.string() }).safeParse({});
    expect(r.success).toBe(false);
    if (!r.success) expect(readableErrors(r.error)).toEqual(['Title is required.']);
  });

  it('names the expected type when the type is wrong', () => {
    const r = z.object({ size: z.number() }).safeParse({ size: 'big' });
    if (r.success) throw new Error('expected failure');
    expect(readableErrors(r.error)).toEqual(['Size must be a number.']);
  });

  it('lists unknown keys of a strict object', () => {
    const r = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1 });
    if (r.success) throw new Error('expected failure');
    expect(readableErrors(r.error)).toEqual(['The value has fields we do not know: b.']);
  });

  it('says size limits in words', () => {
    const schema = z.object({
      rating: z.number().int().min(1).max(5),
      name: z.string().max(3),
      tags: z.array(z.string()).min(2),
      count: z.number().positive(),
    });
    const r = schema.safeParse({ rating: 9, name: 'abcdef', tags: [], count: 0 });
    if (r.success) throw new Error('expected failure');
    expect(readableErrors(r.error)).toEqual([
      'Rating must be at most 5.',
      'Name must be at most 3 characters long.',
      'Tags needs at least 2 items.',
      'Count must be greater than 0.',
    ]);
  });

  it('keeps a schema’s own message', () => {
    const r = z.object({ title: z.string().min(1, 'is required') }).safeParse({ title: '' });
    if (r.success) throw new Error('expected failure');
    expect(readableErrors(r.error)).toEqual(['Title is required.']);
  });

  it('parseOrThrow returns data or throws a ValidationError with the sentences', () => {
    const schema = z.object({ city: z.string().min(1) });
    expect(parseOrThrow(schema, { city: 'Port Alder' }, 'The engagement')).toEqual({ city: 'Port Alder' });
    let caught: unknown;
    try {
      parseOrThrow(schema, { city: '' }, 'The engagement');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).messages).toEqual(['City is required.']);
    expect((caught as ValidationError).message).toBe('The engagement is not valid: City is required.');
  });
});
