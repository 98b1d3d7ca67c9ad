import { useEffect, useState } from 'react';
import { ENGAGEMENT_KINDS, ENGAGEMENT_STATUSES, FOCUS_AREAS, FOCUS_AREA_LABELS, INTENSITIES, type Engagement, type FocusArea } from '#core/schemas/index.ts';
import { updateEngagement } from '#core/model/write.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { engagementStatusLabel } from '../../ui/pills.tsx';
import { todayIso } from '../../ui/format.ts';
import { DialogForm } from '../../ui/DialogForm.tsx';

interface Draft {
  city: string;
  state: string;
  kind: Engagement['kind'];
  intensity: Engagement['intensity'];
  status: Engagement['status'];
  focusAreas: FocusArea[];
  startDate: string;
  endDate: string;
  sponsor: string;
  stakeholders: string;
}

const blank = (): Draft => ({ city: '', state: '', kind: 'direct', intensity: 'moderate', status: 'pre-assessment', focusAreas: [], startDate: todayIso(), endDate: '', sponsor: '', stakeholders: '' });
const fromEngagement = (e: Engagement): Draft => ({ city: e.city, state: e.state, kind: e.kind, intensity: e.intensity, status: e.status, focusAreas: e.focusAreas, startDate: e.startDate, endDate: e.endDate ?? '', sponsor: e.sponsor, stakeholders: e.stakeholders.join('\n') });

const KIND_LABEL = { direct: 'Direct engagement', '311': '311 request', peer: 'Peer exchange' } as const;
const INTENSITY_LABEL = { light: 'Light', moderate: 'Moderate', intensive: 'Intensive' } as const;

/** Create an engagement, or edit one (pass `session` and `engagement`). Errors are shown as the sentences core produces. */
export function EngagementFormDialog({ open, onClose, session, engagement }: { open: boolean; onClose: () => void; session?: EngagementSession; engagement?: Engagement }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(blank);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setDraft(engagement ? fromEngagement(engagement) : blank());
      setErrors([]);
    }
  }, [open, engagement]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const fieldError = (name: string) => errors.find((e) => e.toLowerCase().startsWith(name.toLowerCase())) ?? null;

  const submit = async () => {
    const values = {
      city: draft.city.trim(),
      state: draft.state.trim().toUpperCase(),
      kind: draft.kind,
      intensity: draft.intensity,
      status: draft.status,
      focusAreas: draft.focusAreas,
      startDate: draft.startDate,
      endDate: draft.endDate || undefined,
      sponsor: draft.sponsor.trim(),
      stakeholders: draft.stakeholders
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    setBusy(true);
    try {
      if (session && engagement) {
        updateEngagement(session.doc, session.ctx, values);
        toast({ message: 'Engagement updated.', action: { label: 'Undo', run: () => session.undo.undo() } });
        onClose();
      } else {
        const id = await ws.createEngagement({ ...values, team: [{ id: ws.user.id, name: ws.user.name, role: ws.user.role }], indicators: [], summary: '' });
        onClose();
        navigate(href.engagement(id));
      }
    } catch (err) {
      if (err instanceof ValidationError) setErrors(err.messages);
      else setErrors([String((err as Error).message ?? err)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={engagement ? 'Edit engagement' : 'New engagement'}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void submit()} disabled={busy} data-testid="save-engagement">
            {engagement ? 'Save changes' : 'Create engagement'}
          </Button>
        </>
      }
    >
      <DialogForm onSubmit={() => void submit()} errors={errors}>
        <div className="grid-3" style={{ gridTemplateColumns: '2fr 1fr 1fr' }}>
          <Field label="City" required error={fieldError('City')}>
            {(p) => <input {...p} className="input" value={draft.city} onChange={(e) => set('city', e.target.value)} autoFocus placeholder="e.g. Port Alder" />}
          </Field>
          <Field label="State" required error={fieldError('State')} hint="Two letters">
            {(p) => <input {...p} className="input" value={draft.state} maxLength={2} onChange={(e) => set('state', e.target.value.toUpperCase())} placeholder="MA" />}
          </Field>
          <Field label="Status">
            {(p) => (
              <select {...p} className="select" value={draft.status} onChange={(e) => set('status', e.target.value as Draft['status'])}>
                {ENGAGEMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {engagementStatusLabel(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field label="Kind">
            {(p) => (
              <select {...p} className="select" value={draft.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
                {ENGAGEMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Intensity">
            {(p) => (
              <select {...p} className="select" value={draft.intensity} onChange={(e) => set('intensity', e.target.value as Draft['intensity'])}>
                {INTENSITIES.map((k) => (
                  <option key={k} value={k}>
                    {INTENSITY_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="field-label">
            Focus areas<span className="req" aria-hidden="true">*</span>
          </legend>
          <div className="chip-checks">
            {FOCUS_AREAS.map((f) => (
              <label key={f} className="checkbox chip-check">
                <input type="checkbox" checked={draft.focusAreas.includes(f)} onChange={(e) => set('focusAreas', e.target.checked ? [...draft.focusAreas, f] : draft.focusAreas.filter((x) => x !== f))} />
                {FOCUS_AREA_LABELS[f]}
              </label>
            ))}
          </div>
          {fieldError('Focus areas') && <span className="field-error">{fieldError('Focus areas')}</span>}
        </fieldset>
        <div className="grid-2">
          <Field label="Start date" required error={fieldError('Start date')}>
            {(p) => <input {...p} className="input" type="date" value={draft.startDate} onChange={(e) => set('startDate', e.target.value)} />}
          </Field>
          <Field label="End date" hint="Leave empty while ongoing" error={fieldError('End date')}>
            {(p) => <input {...p} className="input" type="date" value={draft.endDate} onChange={(e) => set('endDate', e.target.value)} />}
          </Field>
        </div>
        <Field label="Executive sponsor" hint="The city official who owns the engagement, e.g. the mayor or city manager">
          {(p) => <input {...p} className="input" value={draft.sponsor} onChange={(e) => set('sponsor', e.target.value)} />}
        </Field>
        <Field label="Stakeholders" hint="One per line: name and role">
          {(p) => <textarea {...p} className="textarea" rows={3} value={draft.stakeholders} onChange={(e) => set('stakeholders', e.target.value)} />}
        </Field>
      </DialogForm>
    </Dialog>
  );
}
