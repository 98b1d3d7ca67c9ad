import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { REQUEST_STATUSES, REQUEST_STATUS_LABELS, REQUEST_TRANSITIONS, type RequestStatus } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { RequestRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { focusShort } from '../recommendations/format.ts';
import { RequestStatusPill, UrgencyPill, ageLabel, dueText } from './format.tsx';
import { useNetwork } from './network.ts';
import { TriageDialog } from './TriageDialog.tsx';
import { useMoveRequest } from './useMoveRequest.ts';

const DESCRIPTIONS: Record<RequestStatus, string> = {
  new: 'Logged, not yet looked at',
  triaged: 'Worth answering; needs an expert',
  assigned: 'An expert is writing the memo',
  answered: 'Memo written; ready to publish',
  published: 'In the library for every city',
};

/**
 * Columns per status. Cards move by drag and drop, or from the keyboard: focus a card, then "[" / "]" moves it back
 * or forward and Enter opens it; "Triage…" on each card sets status, assignee and due date in one dialog.
 */
export function TriageBoard({ rows, personName }: { rows: RequestRow[]; personName: (id: string | undefined) => string }) {
  const ws = useWorkspace();
  const net = useNetwork();
  const move = useMoveRequest();
  const [dragging, setDragging] = useState<RequestRow | null>(null);
  const [over, setOver] = useState<RequestStatus | null>(null);
  const [triage, setTriage] = useState<{ id: string; note?: string } | null>(null);
  const isLead = ws.user.role === 'lead';

  const tryMove = (row: RequestRow, to: RequestStatus) => {
    if (row.status === to) return;
    // Assigning needs an expert: open the dialog with the target preset rather than refusing.
    if (to === 'assigned' && !row.assignee && isLead) {
      setTriage({ id: row.id, note: 'Choose the expert who will answer, then assign.' });
      return;
    }
    move(row.id, to);
  };

  const onCardKey = (e: KeyboardEvent<HTMLElement>, row: RequestRow) => {
    if (e.target !== e.currentTarget) return;
    const i = REQUEST_STATUSES.indexOf(row.status as RequestStatus);
    if (e.key === 'Enter') {
      e.preventDefault();
      navigate(href.request(row.id));
    } else if (e.key === ']' && i < REQUEST_STATUSES.length - 1) {
      e.preventDefault();
      tryMove(row, REQUEST_STATUSES[i + 1]!);
    } else if (e.key === '[' && i > 0) {
      e.preventDefault();
      tryMove(row, REQUEST_STATUSES[i - 1]!);
    } else if (e.key.toLowerCase() === 't') {
      e.preventDefault();
      setTriage({ id: row.id });
    }
  };

  const canDrop = (to: RequestStatus) => Boolean(dragging && dragging.status !== to && REQUEST_TRANSITIONS[dragging.status as RequestStatus]?.[to]?.includes(ws.user.role));

  return (
    <div className="board-wrap">
      <p className="board-hint muted" id="board-hint">
        {isLead ? (
          <>
            Drag a card to another column, or focus it and press <kbd>[</kbd> / <kbd>]</kbd> to move it back or forward, <kbd>T</kbd> to triage (assign, set due), <kbd>Enter</kbd> to open.
          </>
        ) : (
          <>You are working as an expert: a programme lead triages, assigns and publishes. You can mark a request assigned to you as answered once its memo is written.</>
        )}
      </p>
      <div className="board" data-testid="triage-board">
        {REQUEST_STATUSES.map((status) => {
          const cards = rows.filter((r) => r.status === status);
          const droppable = canDrop(status);
          return (
            <section
              key={status}
              className={`board-col ${over === status && droppable ? 'is-over' : ''} ${dragging && !droppable && dragging.status !== status ? 'is-blocked' : ''}`}
              aria-labelledby={`col-${status}`}
              data-status={status}
              data-testid={`column-${status}`}
              onDragOver={(e: DragEvent) => {
                if (!droppable) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setOver(status);
              }}
              onDragLeave={() => setOver((o) => (o === status ? null : o))}
              onDrop={(e: DragEvent) => {
                e.preventDefault();
                setOver(null);
                const id = e.dataTransfer.getData('text/x-request-id');
                const row = rows.find((r) => r.id === id);
                if (row) tryMove(row, status);
                setDragging(null);
              }}
            >
              <header className="board-col-head">
                <h2 id={`col-${status}`}>
                  <RequestStatusPill status={status} />
                </h2>
                <span className="count" aria-label={`${cards.length} requests`}>
                  {cards.length}
                </span>
                <span className="board-col-desc muted">{DESCRIPTIONS[status]}</span>
              </header>
              <ul className="board-cards" aria-label={`${REQUEST_STATUS_LABELS[status]} requests`}>
                {cards.map((r) => {
                  const due = dueText(r.due, r.status);
                  return (
                    <li key={r.id}>
                      <article
                        className={`board-card ${dragging?.id === r.id ? 'is-dragging' : ''}`}
                        tabIndex={0}
                        draggable={isLead || r.status === 'assigned'}
                        aria-label={`${r.topic} — ${r.city}, ${r.state}; ${REQUEST_STATUS_LABELS[r.status as RequestStatus]}`}
                        aria-describedby="board-hint"
                        aria-keyshortcuts="[ ] T Enter"
                        data-testid="board-card"
                        data-request-id={r.id}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/x-request-id', r.id);
                          e.dataTransfer.effectAllowed = 'move';
                          setDragging(r);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                        onKeyDown={(e) => onCardKey(e, r)}
                        onDoubleClick={() => navigate(href.request(r.id))}
                      >
                        <div className="board-card-top">
                          <span className="muted">
                            {r.city}, {r.state}
                          </span>
                          <span className="spacer" />
                          <UrgencyPill urgency={r.urgency} />
                        </div>
                        <a className="board-card-title" href={href.request(r.id)} tabIndex={-1}>
                          {r.topic}
                        </a>
                        <div className="board-card-meta">
                          <span className="tag" title={FOCUS_AREA_LABELS[r.focusArea]}>
                            {focusShort(r.focusArea)}
                          </span>
                          <span className={r.assignee ? '' : 'muted'}>{r.assignee ? personName(r.assignee) : 'Unassigned'}</span>
                          <span className="spacer" />
                          {r.due ? <span className={`due due-${due.tone || 'none'}`}>{due.text}</span> : <span className="muted" title="Waiting for">{ageLabel(r.createdAt)}</span>}
                        </div>
                        {(isLead || r.status === 'assigned') && r.status !== 'published' && (
                          <div className="board-card-actions">
                            <Button size="sm" variant="ghost" onClick={() => setTriage({ id: r.id })} aria-label={`Triage ${r.topic}`} disabled={!net}>
                              Triage…
                            </Button>
                          </div>
                        )}
                      </article>
                    </li>
                  );
                })}
                {cards.length === 0 && <li className="board-empty muted">{dragging && droppable ? 'Drop here' : 'Nothing here'}</li>}
              </ul>
            </section>
          );
        })}
      </div>
      <TriageDialog requestId={triage?.id ?? null} note={triage?.note} onClose={() => setTriage(null)} personName={personName} />
    </div>
  );
}
