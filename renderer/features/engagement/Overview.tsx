import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREA_LABELS, RECOMMENDATION_STATUSES, PERSON_ROLES, type Engagement, type Indicator, type Person } from '#core/schemas/index.ts';
import { editText, textField, updateEngagement } from '#core/model/write.ts';
import { ValidationError } from '#core/errors.ts';
import { newId } from '#core/ids.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { CollabTextarea } from '../../ui/CollabTextarea.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { EngagementStatusPill, RecStatusPill } from '../../ui/pills.tsx';
import { formatDate, todayIso } from '../../ui/format.ts';
import { EngagementFormDialog } from '../engagements/EngagementFormDialog.tsx';
import { BundleActions } from './BundleActions.tsx';
import { PeerCard } from '../peers/PeerCard.tsx';
import { EntryDialog, type EntryDialogHandlers } from '../common/EntryDialog.tsx';

const ROLE_LABEL: Record<Person['role'], string> = { expert: 'Expert', lead: 'Team lead', viewer: 'Viewer' };

function formatValue(i: Indicator): string {
  const v = Math.abs(i.value) >= 1000 ? i.value.toLocaleString() : String(i.value);
  return i.unit === '%' ? `${v}%` : i.unit === '$' ? `$${v}` : `${v}${i.unit ? ` ${i.unit}` : ''}`;
}

export function Overview({ session, engagement: e }: { session: EngagementSession; engagement: Engagement }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [indicator, setIndicator] = useState<Indicator | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const statusCounts = useLiveQuery(async () => {
    const rows = await ws.db.recommendations.where('engagementId').equals(e.id).toArray();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    return { total: rows.length, counts };
  }, [e.id]);
  const summary = textField(session.doc, 'engagement', e.id, 'summary');

  const saveList = (patch: Partial<Engagement>, message: string) => {
    try {
      updateEngagement(session.doc, session.ctx, patch);
      toast({ message, action: { label: 'Undo', run: () => session.undo.undo() } });
      return null;
    } catch (err) {
      return err instanceof ValidationError ? err.messages : [String(err)];
    }
  };

  return (
    <div className="page">
      <div className="overview-grid">
        <div className="stack" style={{ gap: 16 }}>
          <section className="card" aria-labelledby="ov-summary">
            <div className="card-header">
              <h2 id="ov-summary">Summary</h2>
              <span className="spacer" />
              <span className="muted" style={{ fontSize: 12 }}>
                Shared with the team; edits merge as you type
              </span>
            </div>
            <div className="card-body">
              {summary && <CollabTextarea text={summary} aria-labelledby="ov-summary" rows={6} placeholder="What is this engagement about? The city's situation, what it asked for, and what the team is focusing on." onEdit={(next) => editText(session.doc, session.ctx, 'engagement', e.id, 'summary', next)} />}
            </div>
          </section>

          <section className="card" aria-labelledby="ov-recs">
            <div className="card-header">
              <h2 id="ov-recs">Recommendations by status</h2>
              <span className="spacer" />
              <Button size="sm" variant="ghost" onClick={() => navigate(href.engagement(e.id, 'recommendations'))}>
                Open table
              </Button>
            </div>
            <div className="card-body">
              {statusCounts && statusCounts.total > 0 ? (
                <div className="status-bars">
                  {RECOMMENDATION_STATUSES.map((s) => {
                    const n = statusCounts.counts.get(s) ?? 0;
                    return (
                      <div key={s} className="status-bar-row">
                        <RecStatusPill status={s} />
                        <div className="status-bar" aria-hidden="true">
                          <span className={`status-bar-fill s-${s}`} style={{ width: `${(n / statusCounts.total) * 100}%` }} />
                        </div>
                        <span className="num">{n}</span>
                      </div>
                    );
                  })}
                </div>
              ) : (
                <p className="muted">No recommendations yet. Draft them from findings in the Recommendations tab (shortcut R).</p>
              )}
            </div>
          </section>

          <section className="card" aria-labelledby="ov-ind">
            <div className="card-header">
              <h2 id="ov-ind">Indicators</h2>
              <span className="spacer" />
              <Button size="sm" icon="plus" onClick={() => setIndicator({ id: newId('i'), name: '', value: 0, unit: '%', source: '', asOf: todayIso() })}>
                Add indicator
              </Button>
            </div>
            {e.indicators.length === 0 ? (
              <div className="card-body muted">Numbers that show need or progress — unemployment, poverty rate, budget gap, vacancy rate — with their source and date.</div>
            ) : (
              <table className="simple-table">
                <thead>
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col" className="num">
                      Value
                    </th>
                    <th scope="col" className="num">
                      Baseline
                    </th>
                    <th scope="col">Source</th>
                    <th scope="col">As of</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...e.indicators]
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((i) => (
                      <tr key={i.id}>
                        <td>{i.name}</td>
                        <td className="num">{formatValue(i)}</td>
                        <td className="num muted">{i.baseline !== undefined ? formatValue({ ...i, value: i.baseline }) : '—'}</td>
                        <td className="muted">{i.source || '—'}</td>
                        <td className="nowrap">{formatDate(i.asOf)}</td>
                        <td className="num">
                          <Button size="sm" variant="ghost" onClick={() => setIndicator(i)} aria-label={`Edit ${i.name}`}>
                            Edit
                          </Button>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </section>
        </div>

        <div className="stack" style={{ gap: 16 }}>
          <section className="card" aria-labelledby="ov-facts">
            <div className="card-header">
              <h2 id="ov-facts">Details</h2>
              <span className="spacer" />
              <Button size="sm" onClick={() => setEditing(true)}>
                Edit
              </Button>
            </div>
            <div className="card-body">
              <dl className="kv" style={{ gridTemplateColumns: '96px 1fr' }}>
                <dt>Status</dt>
                <dd>
                  <EngagementStatusPill status={e.status} />
                </dd>
                <dt>Period</dt>
                <dd>
                  {formatDate(e.startDate)} – {e.endDate ? formatDate(e.endDate) : 'ongoing'}
                </dd>
                <dt>Sponsor</dt>
                <dd>{e.sponsor || <span className="muted">Not set</span>}</dd>
                <dt>Focus areas</dt>
                <dd className="tags">
                  {e.focusAreas.map((f) => (
                    <span key={f} className="tag">
                      {FOCUS_AREA_LABELS[f]}
                    </span>
                  ))}
                </dd>
                <dt>Stakeholders</dt>
                <dd>{e.stakeholders.length ? e.stakeholders.join('; ') : <span className="muted">None listed</span>}</dd>
              </dl>
            </div>
          </section>

          <section className="card" aria-labelledby="ov-team">
            <div className="card-header">
              <h2 id="ov-team">Team</h2>
              <span className="spacer" />
              <Button size="sm" icon="plus" onClick={() => setPerson({ id: newId('p'), name: '', role: 'expert' })}>
                Add person
              </Button>
            </div>
            <ul className="people">
              {[...e.team]
                .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'lead' ? -1 : 1))
                .map((p) => (
                  <li key={p.id}>
                    <span className="avatar" aria-hidden="true">
                      {p.name
                        .split(/\s+/)
                        .map((w) => w[0])
                        .slice(0, 2)
                        .join('')
                        .toUpperCase()}
                    </span>
                    <span className="stack" style={{ gap: 0, minWidth: 0 }}>
                      <span>{p.name}</span>
                      <span className="muted" style={{ fontSize: 12 }}>
                        {ROLE_LABEL[p.role]}
                        {p.organization ? ` · ${p.organization}` : ''}
                      </span>
                    </span>
                    <span className="spacer" />
                    <Button size="sm" variant="ghost" onClick={() => setPerson(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                  </li>
                ))}
              {e.team.length === 0 && <li className="muted">Add the experts and the team lead working with this city.</li>}
            </ul>
          </section>

          <PeerCard engagementId={e.id} />

          <BundleActions engagementId={e.id} city={`${e.city}, ${e.state}`} />
        </div>
      </div>

      <EngagementFormDialog open={editing} onClose={() => setEditing(false)} session={session} engagement={e} />
      <IndicatorDialog
        value={indicator}
        onClose={() => setIndicator(null)}
        onSave={(i) => saveList({ indicators: [...e.indicators.filter((x) => x.id !== i.id), i] }, `Indicator “${i.name}” saved.`)}
        onDelete={(i) => saveList({ indicators: e.indicators.filter((x) => x.id !== i.id) }, `Indicator “${i.name}” removed.`)}
      />
      <PersonDialog
        value={person}
        onClose={() => setPerson(null)}
        onSave={(p) => saveList({ team: [...e.team.filter((x) => x.id !== p.id), p] }, `${p.name} saved to the team.`)}
        onDelete={(p) => saveList({ team: e.team.filter((x) => x.id !== p.id) }, `${p.name} removed from the team.`)}
      />
    </div>
  );
}

function IndicatorDialog(handlers: EntryDialogHandlers<Indicator>) {
  return (
    <EntryDialog {...handlers} title={{ add: 'Add indicator', edit: 'Edit indicator' }} removeLabel="Remove" saveLabel="Save indicator">
      {(current, set) => (
        <>
          <Field label="Name" required>
            {(p) => <input {...p} className="input" value={current.name} onChange={(ev) => set({ name: ev.target.value })} placeholder="e.g. Unemployment rate" autoFocus />}
          </Field>
          <div className="grid-3">
            <Field label="Value" required>
              {(p) => <input {...p} className="input" type="number" step="any" value={Number.isFinite(current.value) ? current.value : ''} onChange={(ev) => set({ value: ev.target.valueAsNumber })} />}
            </Field>
            <Field label="Unit" hint="%, $, people…">
              {(p) => <input {...p} className="input" value={current.unit} onChange={(ev) => set({ unit: ev.target.value })} />}
            </Field>
            <Field label="As of" required>
              {(p) => <input {...p} className="input" type="date" value={current.asOf} onChange={(ev) => set({ asOf: ev.target.value })} />}
            </Field>
          </div>
          <div className="grid-2">
            <Field label="Baseline value" hint="Earlier value, to show change">
              {(p) => <input {...p} className="input" type="number" step="any" value={current.baseline ?? ''} onChange={(ev) => set({ baseline: Number.isFinite(ev.target.valueAsNumber) ? ev.target.valueAsNumber : undefined })} />}
            </Field>
            <Field label="Source">
              {(p) => <input {...p} className="input" value={current.source} onChange={(ev) => set({ source: ev.target.value })} placeholder="e.g. Census ACS 5-year" />}
            </Field>
          </div>
        </>
      )}
    </EntryDialog>
  );
}

// Optional contact fields left empty are stored as absent, not as empty strings.
const tidyPerson = (p: Person): Person => ({ ...p, email: p.email || undefined, organization: p.organization || undefined });

function PersonDialog(handlers: EntryDialogHandlers<Person>) {
  return (
    <EntryDialog {...handlers} title={{ add: 'Add team member', edit: 'Edit team member' }} removeLabel="Remove from team" saveLabel="Save" prepare={tidyPerson}>
      {(current, set) => (
        <>
          <div className="grid-2">
            <Field label="Name" required>
              {(p) => <input {...p} className="input" value={current.name} onChange={(ev) => set({ name: ev.target.value })} autoFocus />}
            </Field>
            <Field label="Role">
              {(p) => (
                <select {...p} className="select" value={current.role} onChange={(ev) => set({ role: ev.target.value as Person['role'] })}>
                  {PERSON_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="grid-2">
            <Field label="Email">
              {(p) => <input {...p} className="input" type="email" value={current.email ?? ''} onChange={(ev) => set({ email: ev.target.value })} />}
            </Field>
            <Field label="Organization">
              {(p) => <input {...p} className="input" value={current.organization ?? ''} onChange={(ev) => set({ organization: ev.target.value })} />}
            </Field>
          </div>
        </>
      )}
    </EntryDialog>
  );
}
