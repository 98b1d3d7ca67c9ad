import type { z } from 'zod';

/** Field names as people say them, so "endDate" reads as "End date". */
function humanize(key: string | number): string {
  if (typeof key === 'number') return `item ${key + 1}`;
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'The value';
  const parts = path.filter((p): p is string | number => typeof p !== 'symbol').map(humanize);
  const [first, ...rest] = parts;
  return rest.length ? `${first} (${rest.join(', ').toLowerCase()})` : (first ?? 'The value');
}

/** zod's default size messages ("Too small: expected number to be >0") said the way people say them. */
function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return small ? `must be at least ${limit} characters long` : `must be at most ${limit} characters long`;
    case 'array':
    case 'set':
      return small ? `needs at least ${limit} item${limit === 1 ? '' : 's'}` : `may have at most ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      if (small) return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
      return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
  }
}

/** One readable sentence per problem, naming the field: "End date must not be before the start date." */
export function issueToSentence(issue: z.core.$ZodIssue): string {
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/i.test(message)) message = 'is required';
  else if (issue.code === 'invalid_type') message = `must be ${issue.expected === 'number' ? 'a number' : `of type ${issue.expected}`}`;
  else if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) message = 'is required';
  else if ((issue.code === 'too_small' || issue.code === 'too_big') && /^too (small|big)/i.test(message)) message = sizeMessage(issue);
  else if (issue.code === 'unrecognized_keys') message = `has fields we do not know: ${issue.keys.join(', ')}`;
  const sentence = `${fieldPath(issue.path)} ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}

export function readableErrors(error: z.ZodError): string[] {
  return error.issues.map(issueToSentence);
}

/** Thrown by write functions when the input fails validation; `messages` are ready to show. */
export class ValidationError extends Error {
  readonly messages: string[];
  constructor(what: string, messages: string[]) {
    super(`${what} is not valid: ${messages.join(' ')}`);
    this.name = 'ValidationError';
    this.messages = messages;
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, readableErrors(result.error));
  return result.data;
}
