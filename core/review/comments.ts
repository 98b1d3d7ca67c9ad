/**
 * Comment threads on any item, or on a passage of one of its texts. A passage is anchored with two
 * Y.RelativePositions (stored base64), so it follows the text as people type before or inside it, and
 * resolves to null once the passage is deleted. Comments live in the engagement doc (root map 'comments',
 * id → plain object); resolving rewrites the one comment, replies are separate entries, so concurrent replies
 * never overwrite each other.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { collection, commentsMap, engagementMap, LOCAL_ORIGIN, type Collection } from '../model/layout.ts';
import type { WriteContext } from '../model/write.ts';

export interface CommentTarget {
  collection: Collection | 'engagement';
  id: string;
}

export interface Anchor {
  start: string;
  end: string;
}

export interface Comment {
  id: string;
  target: CommentTarget;
  /** The text field a passage comment is on: 'rationale', 'answers.<questionId>', … */
  field?: string;
  anchor?: Anchor;
  /** The passage as it read when the comment was made. */
  quote?: string;
  body: string;
  mentions: string[];
  author: string;
  at: string;
  parentId?: string;
  resolved: boolean;
  resolvedBy?: string;
  resolvedAt?: string;
  deleted?: boolean;
}

export interface NewComment {
  target: CommentTarget;
  body: string;
  field?: string;
  /** Character range in the field's current text. */
  range?: { start: number; end: number };
  /** Team members, so "@Ana" in the body becomes a mention of Ana's id. */
  team?: { id: string; name: string }[];
  /** Mentions picked explicitly (e.g. from an autocomplete), merged with those parsed from the body. */
  mentions?: string[];
  /** A reply: the thread's root comment id. */
  parentId?: string;
}

export interface Thread {
  root: Comment;
  replies: Comment[];
  /** Where the anchored passage is now; null when it was deleted; undefined for whole-item comments. */
  range?: { start: number; end: number } | null;
}

const now = (ctx: WriteContext) => (ctx.now ? ctx.now() : new Date()).toISOString();

/** The live Y.Text behind a field of an item, without creating anything. */
export function textOf(doc: Y.Doc, target: CommentTarget, field: string): Y.Text | undefined {
  const map = target.collection === 'engagement' ? engagementMap(doc) : collection(doc, target.collection).get(target.id);
  if (!(map instanceof Y.Map)) return undefined;
  if (field.startsWith('answers.')) {
    const answers = map.get('answers');
    const t = answers instanceof Y.Map ? answers.get(field.slice('answers.'.length)) : undefined;
    return t instanceof Y.Text ? t : undefined;
  }
  const t = map.get(field);
  return t instanceof Y.Text ? t : undefined;
}

/** Anchor a passage [start, end) of a text: the start sticks to the first character, the end to the last. */
export function anchorFor(ytext: Y.Text, start: number, end: number): Anchor {
  const s = Y.createRelativePositionFromTypeIndex(ytext, start, 0);
  const e = Y.createRelativePositionFromTypeIndex(ytext, end, -1);
  return { start: toBase64(Y.encodeRelativePosition(s)), end: toBase64(Y.encodeRelativePosition(e)) };
}

/** The anchored passage's current range, or null when it no longer exists (deleted, or the text was replaced). */
export function resolveAnchor(doc: Y.Doc, ytext: Y.Text | undefined, anchor: Anchor): { start: number; end: number } | null {
  if (!ytext) return null;
  try {
    const s = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.start)), doc);
    const e = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.end)), doc);
    if (!s || !e || s.type !== ytext || e.type !== ytext || e.index <= s.index) return null;
    return { start: s.index, end: e.index };
  } catch {
    return null;
  }
}

/** "@Ana Souza" or "@ana" (first name, case-insensitive) → that person's id. Longest names match first. */
export function parseMentions(body: string, team: readonly { id: string; name: string }[]): string[] {
  const found = new Set<string>();
  const lower = body.toLowerCase();
  const people = [...team].sort((a, b) => b.name.length - a.name.length);
  let i = lower.indexOf('@');
  while (i !== -1) {
    const rest = lower.slice(i + 1);
    const boundary = (n: number) => n >= rest.length || !/[\p{L}\p{N}_-]/u.test(rest[n]!);
    const hit =
      people.find((p) => rest.startsWith(p.name.toLowerCase()) && boundary(p.name.length)) ??
      people.find((p) => {
        const first = p.name.split(/\s+/)[0]!.toLowerCase();
        return first.length > 0 && rest.startsWith(first) && boundary(first.length);
      }) ??
      people.find((p) => rest.startsWith(p.id.toLowerCase()) && boundary(p.id.length));
    if (hit) found.add(hit.id);
    i = lower.indexOf('@', i + 1);
  }
  return [...found];
}

function put(doc: Y.Doc, c: Comment): void {
  doc.transact(() => commentsMap(doc).set(c.id, c), LOCAL_ORIGIN);
}

function get(doc: Y.Doc, id: string): Comment {
  const c = commentsMap(doc).get(id) as Comment | undefined;
  if (!c || typeof c !== 'object') throw new ValidationError('The comment', [`There is no comment with id "${id}".`]);
  return c;
}

export function addComment(doc: Y.Doc, ctx: WriteContext, input: NewComment): Comment {
  const body = input.body.trim();
  if (!body) throw new ValidationError('The comment', ['Write something first.']);
  if (body.length > 10000) throw new ValidationError('The comment', ['must be at most 10000 characters long.']);
  const comment: Comment = {
    id: newId(),
    target: { collection: input.target.collection, id: input.target.id },
    body,
    mentions: [...new Set([...(input.mentions ?? []), ...parseMentions(body, input.team ?? [])])],
    author: ctx.author,
    at: now(ctx),
    resolved: false,
  };
  if (input.parentId) comment.parentId = input.parentId;
  if (input.field) comment.field = input.field;
  if (input.field && input.range && !input.parentId) {
    const ytext = textOf(doc, input.target, input.field);
    if (!ytext) throw new ValidationError('The comment', [`The item has no text "${input.field}" to comment on.`]);
    const len = ytext.length;
    const start = Math.max(0, Math.min(input.range.start, len));
    const end = Math.max(start, Math.min(input.range.end, len));
    if (end <= start) throw new ValidationError('The comment', ['Select some text to comment on.']);
    comment.anchor = anchorFor(ytext, start, end);
    comment.quote = ytext.toString().slice(start, end).slice(0, 500);
  }
  put(doc, comment);
  return comment;
}

export function replyToComment(doc: Y.Doc, ctx: WriteContext, parentId: string, body: string, team: { id: string; name: string }[] = []): Comment {
  const parent = get(doc, parentId);
  const rootId = parent.parentId ?? parent.id;
  return addComment(doc, ctx, { target: parent.target, body, team, parentId: rootId });
}

export function resolveComment(doc: Y.Doc, ctx: WriteContext, id: string): Comment {
  const c = { ...get(doc, id), resolved: true, resolvedBy: ctx.author, resolvedAt: now(ctx) };
  put(doc, c);
  return c;
}

export function reopenComment(doc: Y.Doc, ctx: WriteContext, id: string): Comment {
  const { resolvedBy: _b, resolvedAt: _a, ...rest } = get(doc, id);
  void ctx;
  const c = { ...rest, resolved: false };
  put(doc, c);
  return c;
}

/** Only the author deletes; the body goes, the thread's shape (replies) stays. */
export function deleteComment(doc: Y.Doc, ctx: WriteContext, id: string): void {
  const c = get(doc, id);
  if (c.author !== ctx.author) throw new ValidationError('The comment', ['Only its author can delete a comment.']);
  put(doc, { ...c, body: '', mentions: [], deleted: true });
}

export function allComments(doc: Y.Doc): Comment[] {
  const out: Comment[] = [];
  commentsMap(doc).forEach((v) => {
    if (v && typeof v === 'object' && typeof (v as Comment).id === 'string') out.push(v as Comment);
  });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}

/** Threads on one item, oldest first, with each passage's current range. */
export function commentsFor(doc: Y.Doc, collectionName: Collection | 'engagement', id: string): Thread[] {
  const mine = allComments(doc).filter((c) => c.target.collection === collectionName && c.target.id === id);
  const roots = mine.filter((c) => !c.parentId);
  return roots.map((root) => {
    const thread: Thread = { root, replies: mine.filter((c) => c.parentId === root.id) };
    if (root.anchor && root.field) thread.range = resolveAnchor(doc, textOf(doc, root.target, root.field), root.anchor);
    return thread;
  });
}
