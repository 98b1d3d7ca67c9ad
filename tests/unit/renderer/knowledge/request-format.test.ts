import { describe, expect, it } from 'vitest';
import { ageLabel, daysUntil, dueText } from '../../../../renderer/features/requests/format.tsx';

describe('request inbox formatting', () => {
  const now = new Date('2026-11-28T15:00:00');

  it('counts calendar days to a due date (negative when past)', () => {
    expect(daysUntil('2026-11-28', now)).toBe(0);
    expect(daysUntil('2026-12-01', now)).toBe(3);
    expect(daysUntil('2026-11-20', now)).toBe(-8);
  });

  it('says overdue and soon in words for open requests, and only the date once answered', () => {
    const today = new Date();
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const plus = (n: number) => iso(new Date(today.getFullYear(), today.getMonth(), today.getDate() + n));
    expect(dueText(plus(-2), 'assigned')).toEqual({ text: '2 d overdue', tone: 'overdue' });
    expect(dueText(plus(0), 'triaged')).toEqual({ text: 'Due today', tone: 'soon' });
    expect(dueText(plus(2), 'new')).toEqual({ text: 'In 2 d', tone: 'soon' });
    expect(dueText(plus(10), 'new')).toEqual({ text: 'In 10 d', tone: '' });
    expect(dueText(plus(-2), 'published').tone).toBe('');
    expect(dueText(undefined, 'new')).toEqual({ text: '—', tone: '' });
  });

  it('gives the age of a request in minutes, hours or days', () => {
    const at = new Date('2026-11-28T12:00:00Z').getTime();
    expect(ageLabel('2026-11-28T11:50:00Z', at)).toBe('10 min');
    expect(ageLabel('2026-11-28T07:00:00Z', at)).toBe('5 h');
    expect(ageLabel('2026-11-25T12:00:00Z', at)).toBe('3 d');
    expect(ageLabel('not a date', at)).toBe('—');
  });
});
