import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type * as Y from 'yjs';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { MEMO_SECTIONS, MEMO_SECTION_LABELS, REQUEST_STATUS_LABELS, REQUEST_TRANSITIONS, requestMoveProblem, type MemoSection, type Request, type RequestStatus } from '#core/knowledge/schemas.ts';
import { editRequestMemo, linkRequestLibrary, requestMemoText, unlinkRequestLibrary } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { CollabTextarea } from '../../ui/CollabTextarea.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonBlock } from '../../ui/Skeleton.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { LinkedLibraryList } from '../library/LinkedLibraryList.tsx';
import { RequestStatusPill, UrgencyPill, dueText } from './format.tsx';
import { useNetwork, useRequest, type NetworkHandle } from './network.ts';
import { useProgrammePeople } from './people.ts';
import { TriageDialog } from './TriageDialog.tsx';
import { useMoveRequest } from './useMoveRequest.ts';

const MEMO_HINTS: Record<MemoSection, string> = {
  caseStudies: 'Cities that faced the same problem: what they did and what happened.',
  bestPractices: 'What works, drawn from the network and the field.',
  financing: 'How it was paid for: grants, bonds, partnerships, program income.',
  considerations: 'Risks, prerequisites, politics, and what to ask next.',
};

/** One memo section bound to its shared text (made on first open; reading never writes). */
function MemoSectionEditor({ net, request, section, readOnly }: { net: NetworkHandle; request: Request; section: MemoSection; readOnly: boolean }) {
  const [text, setText] = useState<Y.Text | undefined>();
  useEffect(() => {
    setText(requestMemoText(net.doc, request.id, section));
  }, [net, request.id, section]);
  const id = `memo-${section}`;
  return (
    <div className="memo-section">
      <label htmlFor={id} className="memo-label">
        {MEMO_SECTION_LABELS[section]}
      </label>
      <span className="field-hint" id={`${id}-hint`}>
        {MEMO_HINTS[section]}
      </span>
      {text ? (
        <CollabTextarea id={id} text={text} rows={4} readOnly={readOnly} aria-describedby={`${id}-hint`} data-testid={id} onEdit={(next) => editRequestMemo(net.doc, net.ctx, request.id, section, next)} />
      ) : (
        <SkeletonBlock height={88} />
      )}
    </div>
  );
}

export function RequestPage({ requestId }: { requestId: string }) {
  const net = useNetwork();
  const request = useRequest(net, requestId);
  if (!net || request === null)
    return (
      <div className="page request-page" aria-busy="true">
        <SkeletonBlock height={72} />
        <div className="request-grid">
          <SkeletonBlock height={360} />
          <SkeletonBlock height={240} />
        </div>
      </div>
    );
  return <RequestLoaded net={net} request={request} />;
}

function RequestLoaded({ net, request }: { net: NetworkHandle; request: Request | undefined }) {
  const ws = useWorkspace();
  const toast = useToast();
  const move = useMoveRequest();
  const { name } = useProgrammePeople();
  const [triage, setTriage] = useState(false);
  const engagementId = request?.engagementId;
  const engagement = useLiveQuery(async () => (engagementId ? ((await ws.db.engagements.get(engagementId)) ?? null) : null), [engagementId, ws]);

  if (!request)
    return (
      <EmptyState icon="clipboard" title="This request is not here" actions={<Button onClick={() => navigate(href.requests())}>Back to the inbox</Button>}>
        It may not have synced to this computer yet, or someone deleted it.
      </EmptyState>
    );

  const role = ws.user.role;
  const status = request.status;
  const canWrite = role !== 'viewer' && status !== 'published' && (role === 'lead' || request.assignee === ws.user.id);
  const forward = (Object.keys(REQUEST_TRANSITIONS[status]) as RequestStatus[]).filter((to) => REQUEST_TRANSITIONS_ORDER.indexOf(to) > REQUEST_TRANSITIONS_ORDER.indexOf(status));
  const next = forward[0];
  const nextProblem = next ? requestMoveProblem(request, next, role) : null;
  const due = dueText(request.due, status);

  const link = (libraryId: string) => {
    try {
      linkRequestLibrary(net.doc, net.ctx, request.id, libraryId);
      toast({ message: 'Library item linked to the answer.', action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined });
    } catch (err) {
      toast({ tone: 'error', message: err instanceof ValidationError ? err.messages.join(' ') : String(err) });
    }
  };
  const unlink = (libraryId: string) => {
    unlinkRequestLibrary(net.doc, net.ctx, request.id, libraryId);
    toast({ message: 'Link removed.', action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined });
  };

  return (
    <div className="page request-page">
      <header className="request-head">
        <div className="stack" style={{ gap: 4, minWidth: 0 }}>
          <div className="row" style={{ gap: 8 }}>
            <RequestStatusPill status={status} />
            <UrgencyPill urgency={request.urgency} />
            <span className="tag">{FOCUS_AREA_LABELS[request.focusArea]}</span>
          </div>
          <h1 data-testid="request-title">{request.topic}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {request.city}, {request.state} · asked by {request.official.name}
            {request.official.title ? `, ${request.official.title}` : ''} · logged {formatRelative(request.createdAt)}
          </p>
        </div>
        <span className="spacer" />
        <div className="row" style={{ gap: 8, flexShrink: 0 }}>
          {status !== 'published' && (role === 'lead' || (status === 'assigned' && request.assignee === ws.user.id)) && <Button onClick={() => setTriage(true)}>Triage…</Button>}
          {next && next !== 'published' && (
            <Button variant={next === 'answered' ? 'primary' : 'secondary'} icon="chevronRight" disabled={Boolean(nextProblem)} title={nextProblem ?? undefined} onClick={() => (next === 'assigned' && !request.assignee ? setTriage(true) : move(request.id, next))} data-testid={`move-${next}`}>
              {next === 'triaged' ? 'Mark triaged' : next === 'assigned' ? 'Assign' : 'Mark answered'}
            </Button>
          )}
          {status === 'answered' && (
            <Button variant="primary" icon="upload" disabled={Boolean(nextProblem)} title={nextProblem ?? 'Make the answer memo a library item every city can find'} onClick={() => move(request.id, 'published')} data-testid="publish-answer">
              Publish answer
            </Button>
          )}
          {status === 'published' && request.publishedItemId && (
            <a className="btn btn-primary" href={href.libraryItem(request.publishedItemId)} data-testid="published-link">
              Open in library
            </a>
          )}
        </div>
      </header>
      {next && nextProblem && role !== 'viewer' && (
        <p className="banner banner-info" role="status">
          Next step — {REQUEST_STATUS_LABELS[next]}: {nextProblem}
        </p>
      )}
      {status === 'published' && (
        <div className="banner banner-info" role="status">
          Published {request.history.find((h) => h.to === 'published') ? formatRelative(request.history.find((h) => h.to === 'published')!.at) : ''}: the answer is in the library, where every city can find it. The memo here is kept as written.
        </div>
      )}
      <div className="request-grid">
        <div className="stack" style={{ gap: 16, minWidth: 0 }}>
          <section className="card" aria-labelledby="rq-question">
            <div className="card-header">
              <h2 id="rq-question">Question</h2>
            </div>
            <div className="card-body request-question">{request.question}</div>
          </section>
          <section className="card" aria-labelledby="rq-memo">
            <div className="card-header">
              <h2 id="rq-memo">Answer memo</h2>
              <span className="spacer" />
              <span className="muted" style={{ fontSize: 12 }}>
                {canWrite ? 'Shared; edits merge as you type' : status === 'published' ? 'Published — read only' : 'Only the assigned expert or a lead writes here'}
              </span>
            </div>
            <div className="card-body memo">
              {MEMO_SECTIONS.map((s) => (
                <MemoSectionEditor key={s} net={net} request={request} section={s} readOnly={!canWrite} />
              ))}
            </div>
          </section>
        </div>
        <div className="stack" style={{ gap: 16, minWidth: 0 }}>
          <section className="card" aria-labelledby="rq-details">
            <div className="card-header">
              <h2 id="rq-details">Details</h2>
            </div>
            <div className="card-body">
              <dl className="kv" style={{ gridTemplateColumns: '96px 1fr' }}>
                <dt>Official</dt>
                <dd>
                  {request.official.name}
                  {request.official.title && <span className="muted"> · {request.official.title}</span>}
                  {request.official.email && (
                    <>
                      <br />
                      <a href={`mailto:${request.official.email}`}>{request.official.email}</a>
                    </>
                  )}
                </dd>
                <dt>Assignee</dt>
                <dd data-testid="request-assignee">{request.assignee ? name(request.assignee) : <span className="muted">Unassigned</span>}</dd>
                <dt>Due</dt>
                <dd>{request.due ? <span className={`due due-${due.tone || 'none'}`}>{formatDate(request.due)}{due.text !== formatDate(request.due) ? ` · ${due.text}` : ''}</span> : <span className="muted">No date set</span>}</dd>
                <dt>Engagement</dt>
                <dd>{engagement ? <a href={href.engagement(engagement.id)}>{engagement.city}, {engagement.state}</a> : <span className="muted">None — a city outside the programme</span>}</dd>
              </dl>
            </div>
          </section>
          <LinkedLibraryList title="Library sources" ids={request.libraryIds} onLink={canWrite ? link : undefined} onUnlink={canWrite ? unlink : undefined} focusArea={request.focusArea} testId="request-library" empty="Link guides, case studies and earlier memos the answer builds on; they show with the published memo." />
          <section className="card" aria-labelledby="rq-history">
            <div className="card-header">
              <h2 id="rq-history">History</h2>
            </div>
            <ol className="history">
              <li>
                <span className="muted">{formatRelative(request.createdAt)}</span> Logged by {name(request.createdBy)}
              </li>
              {request.history.map((h, i) => (
                <li key={i}>
                  <span className="muted">{formatRelative(h.at)}</span> {REQUEST_STATUS_LABELS[h.to]} by {name(h.by)}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
      <TriageDialog requestId={triage ? request.id : null} onClose={() => setTriage(false)} personName={name} />
    </div>
  );
}

const REQUEST_TRANSITIONS_ORDER: RequestStatus[] = ['new', 'triaged', 'assigned', 'answered', 'published'];
