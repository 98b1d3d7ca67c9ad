import { useId, useState } from 'react';
import { collection, type Collection } from '#core/model/layout.ts';
import { allowedReviewActions, applyReviewAction, type ReviewAction } from '#core/review/rules.ts';
import type { ReviewState } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { formatDateTime, formatRelative } from './format.ts';
import { Icon } from '../../ui/icons.tsx';
import { ReviewPill } from '../../ui/pills.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { ensureOnTeam, usePeople } from './people.ts';
import { setAuthorsMode, useAuthorsMode } from './ui-state.ts';

export type ReviewCollection = Exclude<Collection, 'attachments'>;

export interface ReviewInfo {
  state: ReviewState;
  by?: string;
  at?: string;
  note?: string;
}

const NOUN: Record<ReviewCollection, string> = { visits: 'visit', findings: 'finding', recommendations: 'recommendation' };

/** The review map as stored, including the note (read raw so a schema that does not know `note` yet cannot drop it). */
export function rawReview(session: EngagementSession, name: ReviewCollection, id: string, fallback: ReviewInfo): ReviewInfo {
  const stored = collection(session.doc, name).get(id)?.get('review');
  if (stored && typeof stored === 'object') {
    const r = stored as Partial<ReviewInfo>;
    return { ...fallback, note: typeof r.note === 'string' ? r.note : undefined };
  }
  return fallback;
}

function sentence(state: ReviewState, who: string, at: string | undefined): string {
  const when = at ? ` ${formatRelative(at)}` : '';
  switch (state) {
    case 'draft':
      return at ? `Reopened as a draft by ${who}${when}` : 'Draft — not yet submitted for review';
    case 'submitted':
      return `Submitted by ${who}${when} · waiting for a lead`;
    case 'changes-requested':
      return `Sent back by ${who}${when}`;
    case 'approved':
      return `Approved by ${who}${when}`;
  }
}

/**
 * The review state of one item, with who and when, and only the actions this person's role allows: a lead
 * approves or sends back with a note; an expert submits. An expert never sees an approve control at all.
 */
export function ReviewBar({
  session,
  engagementId,
  name,
  id,
  review,
  beforeSubmit,
}: {
  session: EngagementSession;
  engagementId: string;
  name: ReviewCollection;
  id: string;
  review: ReviewInfo;
  /** A screen-specific check before submitting (a visit needs its required answers); false stops the submit. */
  beforeSubmit?: () => boolean;
}) {
  const ws = useWorkspace();
  const toast = useToast();
  const { name: who } = usePeople(session, engagementId);
  const [sendingBack, setSendingBack] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();
  const info = rawReview(session, name, id, review);
  const role = ws.user.role;
  const actions = allowedReviewActions(role, info.state);
  const mine = info.by === ws.user.id;
  const authors = useAuthorsMode();

  const run = (action: ReviewAction, text?: string) => {
    setError(null);
    try {
      session.undo.stopCapturing();
      ensureOnTeam(session.doc, ws.user, session.ctx);
      applyReviewAction(session.doc, { ...session.ctx, role }, name, id, action, text);
      session.undo.stopCapturing();
    } catch (err) {
      setError(String((err as Error)?.message ?? err));
      return;
    }
    const done: Record<ReviewAction, string> = {
      submit: `Submitted for review. A lead can now approve the ${NOUN[name]} or send it back.`,
      approve: `Approved. The ${NOUN[name]} can appear in the public report.`,
      'request-changes': `Sent back with your note. The author sees it on the ${NOUN[name]}.`,
      reopen: `Reopened as a draft.`,
    };
    toast({ message: done[action], action: { label: 'Undo', run: () => session.undo.undo() } });
    setSendingBack(false);
    setNote('');
  };

  return (
    <section className={`review-bar review-${info.state}`} aria-label="Review" data-testid="review-bar" data-state={info.state}>
      <div className="review-bar-main">
        <ReviewPill state={info.state} />
        <span className="review-bar-who" data-testid="review-who" title={info.at ? formatDateTime(info.at) : undefined}>
          {sentence(info.state, info.by ? (mine ? 'you' : who(info.by)) : 'someone', info.at)}
        </span>
        <span className="spacer" />
        <label className="authors-toggle" title="Tint the text by who wrote it; hover a passage for who and when">
          <input type="checkbox" checked={authors} onChange={(e) => setAuthorsMode(e.target.checked)} data-testid="show-authors" />
          Show authors
        </label>
        <span className="review-bar-sep" aria-hidden="true" />
        {actions.includes('submit') && (
          <Button variant="primary" size="sm" icon="check" onClick={() => (!beforeSubmit || beforeSubmit()) && run('submit')} data-testid="review-submit">
            {info.state === 'changes-requested' ? 'Resubmit for review' : 'Submit for review'}
          </Button>
        )}
        {actions.includes('request-changes') && !sendingBack && (
          <Button size="sm" icon="undo" onClick={() => setSendingBack(true)} data-testid="review-send-back">
            Send back…
          </Button>
        )}
        {actions.includes('approve') && (
          <Button variant="primary" size="sm" icon="check" onClick={() => run('approve')} data-testid="review-approve">
            Approve
          </Button>
        )}
        {actions.includes('reopen') && (
          <Button size="sm" variant="ghost" onClick={() => run('reopen')} data-testid="review-reopen">
            Reopen as draft
          </Button>
        )}
        {role === 'expert' && info.state === 'submitted' && <span className="muted review-bar-hint">Only a lead approves</span>}
        {role === 'viewer' && <span className="muted review-bar-hint">You can read; a lead reviews</span>}
      </div>
      {info.state === 'changes-requested' && info.note && (
        <div className="review-note" role="note" data-testid="review-note">
          <Icon name="alert" />
          <div>
            <strong>{mine ? 'You asked for changes' : `${who(info.by)} asked for changes`}</strong>
            <p>{info.note}</p>
            {actions.includes('submit') && <p className="muted">Fix what the note asks, then resubmit. The lead is told when you do.</p>}
          </div>
        </div>
      )}
      {sendingBack && (
        <form
          className="review-send-back"
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) {
              setError('Say what needs to change, so the author knows what to fix.');
              return;
            }
            run('request-changes', note.trim());
          }}
        >
          <label htmlFor={noteId} className="field-label">
            What should change?
          </label>
          <textarea
            id={noteId}
            className="textarea"
            rows={3}
            value={note}
            autoFocus
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setSendingBack(false);
              }
            }}
            placeholder="e.g. The rationale needs the 2024 budget figure and its source."
            data-testid="review-note-input"
          />
          <div className="row">
            <Button type="submit" variant="primary" size="sm" data-testid="review-send-back-confirm">
              Send back to the author
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSendingBack(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
    </section>
  );
}
