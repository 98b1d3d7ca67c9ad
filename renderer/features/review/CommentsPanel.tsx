import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { addComment, reopenComment, replyToComment, resolveComment, type Comment } from '#core/review/comments.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { formatDateTime, formatRelative } from './format.ts';
import { useToast } from '../../ui/Toasts.tsx';
import { authorColour, ensureOnTeam, initials, usePeople, type PersonInfo } from './people.ts';
import type { ReviewCollection } from './ReviewBar.tsx';
import { fieldKey, fieldLabel, mountedTextarea } from './text-fields.ts';
import { onPassageRequest, setAuthorsMode, setHighlightedComment, useHighlightedComment, type PassageRequest } from './ui-state.ts';
import { useThreads } from './useComments.ts';

type Thread = ReturnType<typeof useThreads>[number];

export function Avatar({ id, name, size = 22 }: { id: string | undefined; name: string; size?: number }) {
  return (
    <span className={`avatar author-${authorColour(id)}`} style={{ width: size, height: size, fontSize: Math.round(size * 0.42) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** Body text with @mentions of known people set apart (they are also stored as ids on the comment). */
function Body({ text, people }: { text: string; people: PersonInfo[] }) {
  const names = people.map((p) => p.name).sort((a, b) => b.length - a.length);
  if (!names.length) return <p className="comment-body">{text}</p>;
  const esc = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(@(?:${esc.join('|')}))`, 'g'));
  return (
    <p className="comment-body">
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <span key={i} className="mention">
            {p}
          </span>
        ) : (
          p
        ),
      )}
    </p>
  );
}

/** Select the quoted passage in its text field (wherever the text now has it) and bring it into view. */
function showPassage(thread: Thread, name: ReviewCollection, id: string): boolean {
  const field = thread.root.field;
  if (!field || !thread.range) return false;
  setAuthorsMode(false);
  const el = mountedTextarea(fieldKey({ collection: name, id, field }));
  if (!el) return false;
  el.focus({ preventScroll: true });
  el.setSelectionRange(thread.range.start, thread.range.end);
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return true;
}

/**
 * A comment box with @mention completion from the engagement's people: type @, pick with ↑↓ and Enter or Tab.
 */
function Composer({
  people,
  placeholder,
  onSend,
  onCancel,
  autoFocus,
  label,
  testId,
  submitLabel = 'Comment',
}: {
  people: PersonInfo[];
  placeholder: string;
  onSend: (body: string) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
  label: string;
  testId: string;
  submitLabel?: string;
}) {
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const inputId = useId();
  const query = /(?:^|\s)@([^\s@]*)$/.exec(body.slice(0, caret))?.[1];
  const matches = useMemo(
    () => (query === undefined || query === dismissed ? [] : people.filter((p) => p.name.toLowerCase().includes(query.toLowerCase())).slice(0, 6)),
    [people, query, dismissed],
  );
  const open = matches.length > 0;

  /** Where the caret goes once a picked mention is in the textarea's value (see the layout effect below). */
  const caretAfterPick = useRef<number | null>(null);
  const pick = (p: PersonInfo) => {
    const before = body.slice(0, caret).replace(/@([^\s@]*)$/, `@${p.name} `);
    const next = before + body.slice(caret);
    caretAfterPick.current = before.length;
    setBody(next);
    setCaret(before.length);
  };
  // The caret is placed as soon as React has written the new value, before the browser handles another key. It was
  // placed in the next animation frame: a key typed right after Enter landed at the end of the text and the frame
  // then moved the caret back before it ("@Ana Reyes lease cite….p", caught by the review e2e test).
  useLayoutEffect(() => {
    const at = caretAfterPick.current;
    if (at === null || !ref.current) return;
    caretAfterPick.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(at, at);
  }, [body]);
  const send = () => {
    if (!body.trim()) return;
    onSend(body.trim());
    setBody('');
    setCaret(0);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
      return;
    }
    if (open && (e.key === 'Enter' || e.key === 'Tab')) {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]!);
      return;
    }
    if (open && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissed(query ?? null);
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
      return;
    }
    if (e.key === 'Escape' && onCancel) {
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <div className="composer-input">
        <textarea
          ref={ref}
          id={inputId}
          className="textarea textarea-sm"
          rows={2}
          value={body}
          autoFocus={autoFocus}
          placeholder={placeholder}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          data-testid={testId}
        />
        <ul id={listId} role="listbox" aria-label="People to mention" className="mention-list" hidden={!open}>
          {matches.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <Avatar id={p.id} name={p.name} size={18} />
              <span className="grow">{p.name}</span>
              {p.role && <span className="muted">{p.role}</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="row composer-actions">
        <span className="muted composer-hint">@ to mention · Ctrl+Enter to send</span>
        <span className="spacer" />
        {onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button size="sm" type="submit" variant="primary" disabled={!body.trim()} data-testid={`${testId}-send`}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

function ThreadView({
  thread,
  name,
  id,
  session,
  people,
  who,
  questions,
}: {
  thread: Thread;
  name: ReviewCollection;
  id: string;
  session: EngagementSession;
  people: PersonInfo[];
  who: (id: string | undefined) => string;
  questions?: Map<string, string>;
}) {
  const ws = useWorkspace();
  const [replying, setReplying] = useState(false);
  const highlighted = useHighlightedComment();
  const ref = useRef<HTMLElement>(null);
  const { root, replies } = thread;
  useEffect(() => {
    if (highlighted === root.id) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [highlighted, root.id]);
  const entries: Comment[] = [root, ...replies];
  const reply = (body: string) => {
    session.undo.stopCapturing();
    replyToComment(session.doc, session.ctx, root.id, body, people);
    session.undo.stopCapturing();
    setReplying(false);
  };
  const passageGone = Boolean(root.field && root.anchor && thread.range === null);
  return (
    <article
      ref={ref}
      className={`thread ${root.resolved ? 'is-resolved' : ''} ${highlighted === root.id ? 'is-highlighted' : ''}`}
      aria-label={`Comment by ${who(root.author)}`}
      data-testid="comment-thread"
    >
      {root.quote && (
        <button
          type="button"
          className="thread-quote"
          disabled={passageGone}
          onClick={() => {
            setHighlightedComment(root.id);
            showPassage(thread, name, id);
          }}
          title={passageGone ? 'This passage has since been deleted from the text' : 'Select this passage in the text'}
          data-testid="comment-quote"
        >
          <span className="thread-quote-field">{fieldLabel(root.field ?? '', questions)}</span>
          <span className="thread-quote-text">“{root.quote}”</span>
          {passageGone && <span className="thread-quote-gone">passage deleted</span>}
        </button>
      )}
      {entries.map((c) => (
        <div key={c.id} className="comment">
          <Avatar id={c.author} name={who(c.author)} />
          <div className="comment-main">
            <div className="comment-head">
              <strong>{c.author === ws.user.id ? 'You' : who(c.author)}</strong>
              <time dateTime={c.at} title={formatDateTime(c.at)} className="muted">
                {formatRelative(c.at)}
              </time>
            </div>
            <Body text={c.body} people={people} />
          </div>
        </div>
      ))}
      <div className="thread-actions">
        {root.resolved ? (
          <>
            <span className="pill pill-green">Resolved</span>
            <span className="muted">
              {root.resolvedBy ? `by ${who(root.resolvedBy)}` : ''} {root.resolvedAt ? formatRelative(root.resolvedAt) : ''}
            </span>
            <span className="spacer" />
            <Button size="sm" variant="ghost" onClick={() => reopenComment(session.doc, session.ctx, root.id)} data-testid="comment-reopen">
              Reopen
            </Button>
          </>
        ) : (
          <>
            {!replying && (
              <Button size="sm" variant="ghost" onClick={() => setReplying(true)}>
                Reply
              </Button>
            )}
            <span className="spacer" />
            <Button size="sm" variant="ghost" icon="check" onClick={() => resolveComment(session.doc, session.ctx, root.id)} data-testid="comment-resolve">
              Resolve
            </Button>
          </>
        )}
      </div>
      {replying && (
        <Composer
          people={people}
          placeholder="Reply…"
          label={`Reply to ${who(root.author)}`}
          onSend={reply}
          onCancel={() => setReplying(false)}
          autoFocus
          testId="comment-reply"
          submitLabel="Reply"
        />
      )}
    </article>
  );
}

/**
 * Comment threads on one item and on passages of its text. A passage comes from selecting text in a field
 * ("Comment on selection"); the thread keeps the quote and follows the passage as the text is edited.
 */
export function CommentsPanel({
  session,
  engagementId,
  name,
  id,
  questions,
}: {
  session: EngagementSession;
  engagementId: string;
  name: ReviewCollection;
  id: string;
  questions?: Map<string, string>;
}) {
  const ws = useWorkspace();
  const toast = useToast();
  const threads = useThreads(session, name, id);
  const { people: peopleMap, name: who } = usePeople(session, engagementId);
  const people = useMemo(() => [...peopleMap.values()], [peopleMap]);
  const [showResolved, setShowResolved] = useState(false);
  const [passage, setPassage] = useState<PassageRequest | null>(null);
  const composerRef = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      onPassageRequest((p) => {
        if (p.collection !== name || p.id !== id) return;
        setPassage(p);
        requestAnimationFrame(() => composerRef.current?.querySelector('textarea')?.focus());
      }),
    [name, id],
  );

  const open = threads.filter((t) => !t.root.resolved);
  const resolved = threads.filter((t) => t.root.resolved);
  const shown = showResolved ? threads : open;

  const send = (body: string) => {
    try {
      session.undo.stopCapturing();
      ensureOnTeam(session.doc, ws.user, session.ctx);
      addComment(session.doc, session.ctx, {
        target: { collection: name, id },
        body,
        team: people,
        ...(passage ? { field: passage.field, range: { start: passage.start, end: passage.end } } : {}),
      });
      session.undo.stopCapturing();
      setPassage(null);
    } catch (err) {
      toast({ tone: 'error', message: `The comment was not added: ${String((err as Error)?.message ?? err)}` });
    }
  };

  return (
    <section className="card comments-panel" aria-labelledby="comments-h" data-testid="comments-panel">
      <div className="card-header">
        <h2 id="comments-h" className="sr-only">
          Comments
        </h2>
        {open.length > 0 ? (
          <span className="row" style={{ gap: 6 }}>
            <span className="count-badge" data-testid="comments-unresolved">
              {open.length}
            </span>
            <span className="muted">unresolved</span>
          </span>
        ) : (
          <span className="muted">{threads.length ? 'All resolved' : 'No comments'}</span>
        )}
        <span className="spacer" />
        {resolved.length > 0 && (
          <Button size="sm" variant="ghost" aria-pressed={showResolved} onClick={() => setShowResolved((s) => !s)}>
            {showResolved ? 'Hide resolved' : `Show resolved (${resolved.length})`}
          </Button>
        )}
      </div>
      <div className="comments-list">
        {shown.length === 0 ? (
          <p className="muted comments-empty">
            {threads.length === 0
              ? 'No comments yet. Ask a question or note what to fix; select text in a field to comment on that passage.'
              : 'Every comment here is resolved.'}
          </p>
        ) : (
          shown.map((t) => <ThreadView key={t.root.id} thread={t} name={name} id={id} session={session} people={people} who={who} questions={questions} />)
        )}
      </div>
      <div className="comments-compose" ref={composerRef}>
        {passage && (
          <div className="composer-quote" data-testid="composer-quote">
            <span className="thread-quote-field">{fieldLabel(passage.field, questions)}</span>
            <span className="thread-quote-text">“{passage.quote}”</span>
            <Button size="sm" variant="ghost" icon="x" label="Comment on the whole item instead" onClick={() => setPassage(null)} />
          </div>
        )}
        <Composer
          people={people}
          placeholder={passage ? 'Comment on this passage…' : 'Add a comment…'}
          label={passage ? 'Comment on the selected passage' : 'Add a comment'}
          onSend={send}
          testId="comment-input"
        />
      </div>
    </section>
  );
}
