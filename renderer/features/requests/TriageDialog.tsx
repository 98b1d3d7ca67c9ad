import { useEffect, useState } from 'react';
import { REQUEST_STATUS_LABELS, REQUEST_TRANSITIONS, requestMoveProblem, type RequestStatus } from '#core/knowledge/schemas.ts';
import { updateRequest } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { RequestStatusPill } from './format.tsx';
import { useNetwork, useRequest } from './network.ts';
import { useProgrammePeople } from './people.ts';
import { useMoveRequest } from './useMoveRequest.ts';
import { FormErrors } from '../../ui/DialogForm.tsx';

/**
 * Triage one request from the keyboard: who answers, by when, and where it goes next. The same actions the board's
 * drag and drop offers, in a dialog every control of which is reachable with Tab.
 */
export function TriageDialog({ requestId, note, onClose, personName }: { requestId: string | null; note?: string; onClose: () => void; personName: (id: string | undefined) => string }) {
  const ws = useWorkspace();
  const net = useNetwork();
  const request = useRequest(net, requestId ?? '');
  const { people } = useProgrammePeople();
  const move = useMoveRequest();
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!request) return;
    setAssignee(request.assignee ?? '');
    setDue(request.due ?? '');
    setErrors([]);
    // Only when another request is opened: edits in the dialog must not be reset by the request's own updates.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.id]);

  if (!requestId) return <Dialog open={false} title="Triage" onClose={onClose}>{null}</Dialog>;
  const role = ws.user.role;
  const saveFields = (): boolean => {
    if (!net || !request) return false;
    if ((request.assignee ?? '') === assignee && (request.due ?? '') === due) return true;
    try {
      updateRequest(net.doc, net.ctx, request.id, { assignee: assignee || undefined, due: due || undefined });
      setErrors([]);
      return true;
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.messages : [String(err)]);
      return false;
    }
  };
  const targets = request ? (Object.keys(REQUEST_TRANSITIONS[request.status]) as RequestStatus[]) : [];

  return (
    <Dialog
      open={Boolean(requestId)}
      title={request ? `Triage: ${request.topic}` : 'Triage'}
      onClose={onClose}
      footer={
        <>
          <a className="btn btn-ghost" href={request ? href.request(request.id) : '#/requests'} onClick={onClose}>
            Open request
          </a>
          <span className="spacer" />
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="primary"
            data-testid="triage-save"
            onClick={() => {
              if (saveFields()) onClose();
            }}
          >
            Save
          </Button>
        </>
      }
    >
      {!request ? (
        <p className="muted">This request is no longer here; someone may have deleted it.</p>
      ) : (
        <div className="stack" style={{ gap: 16 }}>
          {note && (
            <div className="banner banner-info" role="status">
              {note}
            </div>
          )}
          <FormErrors errors={errors} />
          <p className="muted" style={{ margin: 0 }}>
            {request.city}, {request.state} · asked by {request.official.name}
            {request.official.title ? `, ${request.official.title}` : ''} · now <RequestStatusPill status={request.status} />
          </p>
          <div className="grid-2">
            <Field label="Assigned expert" hint={role === 'lead' ? 'Who writes the answer memo' : 'A lead assigns requests'}>
              {(p) => (
                <select {...p} className="select" value={assignee} disabled={role !== 'lead'} onChange={(e) => setAssignee(e.target.value)} data-testid="triage-assignee">
                  <option value="">Unassigned</option>
                  {people.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                      {x.where.length ? ` — ${x.where.slice(0, 2).join(', ')}` : ''}
                    </option>
                  ))}
                  {assignee && !people.some((x) => x.id === assignee) && <option value={assignee}>{personName(assignee)}</option>}
                </select>
              )}
            </Field>
            <Field label="Answer due">
              {(p) => <input {...p} className="input" type="date" value={due} disabled={role !== 'lead'} onChange={(e) => setDue(e.target.value)} data-testid="triage-due" />}
            </Field>
          </div>
          <fieldset className="field triage-moves">
            <legend className="field-label">Move to</legend>
            <div className="row" style={{ flexWrap: 'wrap', gap: 8 }}>
              {targets.length === 0 && <span className="muted">A published request is final: its answer is in the library.</span>}
              {targets.map((to) => {
                const problem = requestMoveProblem({ ...request, assignee: assignee || undefined }, to, role);
                const forward = ['new', 'triaged', 'assigned', 'answered', 'published'].indexOf(to) > ['new', 'triaged', 'assigned', 'answered', 'published'].indexOf(request.status);
                return (
                  <Button
                    key={to}
                    variant={forward ? 'primary' : 'secondary'}
                    icon={forward ? 'chevronRight' : undefined}
                    disabled={Boolean(problem)}
                    title={problem ?? undefined}
                    data-testid={`triage-move-${to}`}
                    onClick={() => {
                      if (saveFields() && move(request.id, to)) onClose();
                    }}
                  >
                    {forward ? REQUEST_STATUS_LABELS[to] : `Back to ${REQUEST_STATUS_LABELS[to].toLowerCase()}`}
                  </Button>
                );
              })}
            </div>
            {targets.map((to) => {
              const problem = requestMoveProblem({ ...request, assignee: assignee || undefined }, to, role);
              return problem ? (
                <span key={to} className="field-hint">
                  {REQUEST_STATUS_LABELS[to]}: {problem}
                </span>
              ) : null;
            })}
          </fieldset>
        </div>
      )}
    </Dialog>
  );
}
