import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS, type FocusArea } from '#core/schemas/index.ts';
import { URGENCIES, type Urgency } from '#core/knowledge/schemas.ts';
import { createRequest } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { useNetwork } from './network.ts';
import { URGENCY_LABELS } from './format.tsx';
import { DialogForm } from '../../ui/DialogForm.tsx';

interface Draft {
  engagementId: string;
  city: string;
  state: string;
  officialName: string;
  officialTitle: string;
  officialEmail: string;
  focusArea: FocusArea | '';
  topic: string;
  question: string;
  urgency: Urgency;
  due: string;
}

const EMPTY: Draft = { engagementId: '', city: '', state: '', officialName: '', officialTitle: '', officialEmail: '', focusArea: '', topic: '', question: '', urgency: 'normal', due: '' };

/** Log a question from a city official. Problems come back as readable sentences, next to the field they concern. */
export function NewRequestDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const net = useNetwork();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<string[]>([]);
  const engagements = useLiveQuery(() => ws.db.engagements.orderBy('city').toArray(), [ws]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const fieldError = (...names: string[]) => errors.filter((e) => names.some((n) => e.toLowerCase().startsWith(n.toLowerCase()))).join(' ') || null;

  const close = () => {
    setDraft(EMPTY);
    setErrors([]);
    onClose();
  };

  const pickEngagement = (id: string) => {
    const e = engagements?.find((x) => x.id === id);
    setDraft((d) => ({ ...d, engagementId: id, ...(e ? { city: e.city, state: e.state, focusArea: d.focusArea || e.focusAreas[0] || '' } : {}) }));
  };

  const submit = () => {
    if (!net) return;
    try {
      const r = createRequest(net.doc, net.ctx, {
        city: draft.city,
        state: draft.state.trim().toUpperCase(),
        official: { name: draft.officialName, title: draft.officialTitle.trim() || undefined, email: draft.officialEmail.trim() || undefined },
        focusArea: (draft.focusArea || undefined) as FocusArea,
        topic: draft.topic,
        question: draft.question,
        urgency: draft.urgency,
        due: draft.due || undefined,
        engagementId: draft.engagementId || undefined,
        memo: { caseStudies: '', bestPractices: '', financing: '', considerations: '' },
        libraryIds: [],
      });
      toast({ message: `Request “${r.topic}” logged as new.` });
      close();
      navigate(href.request(r.id));
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.messages : [String((err as Error)?.message ?? err)]);
    }
  };

  return (
    <Dialog
      open={open}
      title="New 311 request"
      onClose={close}
      wide
      footer={
        <>
          <span className="muted" style={{ fontSize: 12 }}>
            It starts as <strong>New</strong>; a lead triages and assigns it.
          </span>
          <span className="spacer" />
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={!net} data-testid="create-request">
            Log request
          </Button>
        </>
      }
    >
      <DialogForm onSubmit={submit} errors={errors} errorsTestId="request-errors">
        <div className="grid-3" style={{ gridTemplateColumns: '2fr 1.4fr 72px' }}>
          <Field label="From an engagement" hint="Optional — fills in the city">
            {(p) => (
              <select {...p} className="select" value={draft.engagementId} onChange={(e) => pickEngagement(e.target.value)}>
                <option value="">No engagement (a new city)</option>
                {engagements?.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.city}, {e.state}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="City" required error={fieldError('City')}>
            {(p) => <input {...p} className="input" value={draft.city} onChange={(e) => set('city', e.target.value)} placeholder="e.g. Millbrook" autoFocus />}
          </Field>
          <Field label="State" required error={fieldError('State')}>
            {(p) => <input {...p} className="input" value={draft.state} maxLength={2} onChange={(e) => set('state', e.target.value.toUpperCase())} placeholder="MA" />}
          </Field>
        </div>
        <div className="grid-3">
          <Field label="Official's name" required error={fieldError('Official (name)')}>
            {(p) => <input {...p} className="input" value={draft.officialName} onChange={(e) => set('officialName', e.target.value)} placeholder="Who asked" />}
          </Field>
          <Field label="Title" error={fieldError('Official (title)')}>
            {(p) => <input {...p} className="input" value={draft.officialTitle} onChange={(e) => set('officialTitle', e.target.value)} placeholder="e.g. Director of Planning" />}
          </Field>
          <Field label="Email" error={fieldError('Official (email)')}>
            {(p) => <input {...p} className="input" type="email" value={draft.officialEmail} onChange={(e) => set('officialEmail', e.target.value)} />}
          </Field>
        </div>
        <div className="grid-3" style={{ gridTemplateColumns: '2fr 1fr 1fr' }}>
          <Field label="Focus area" required error={fieldError('Focus area')}>
            {(p) => (
              <select {...p} className="select" value={draft.focusArea} onChange={(e) => set('focusArea', e.target.value as FocusArea)}>
                <option value="">Choose…</option>
                {FOCUS_AREAS.map((f) => (
                  <option key={f} value={f}>
                    {FOCUS_AREA_LABELS[f]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Urgency">
            {(p) => (
              <select {...p} className="select" value={draft.urgency} onChange={(e) => set('urgency', e.target.value as Urgency)}>
                {URGENCIES.map((u) => (
                  <option key={u} value={u}>
                    {URGENCY_LABELS[u]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Answer due" error={fieldError('Due')}>
            {(p) => <input {...p} className="input" type="date" value={draft.due} onChange={(e) => set('due', e.target.value)} />}
          </Field>
        </div>
        <Field label="Topic" required error={fieldError('Topic')} hint="A short line the inbox shows, e.g. “Land bank for tax-foreclosed lots”">
          {(p) => <input {...p} className="input" value={draft.topic} onChange={(e) => set('topic', e.target.value)} />}
        </Field>
        <Field label="Question" required error={fieldError('Question')} hint="In the official's words, with any context they gave">
          {(p) => <textarea {...p} className="textarea" rows={5} value={draft.question} onChange={(e) => set('question', e.target.value)} />}
        </Field>
      </DialogForm>
    </Dialog>
  );
}
