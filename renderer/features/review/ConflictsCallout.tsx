import { useMemo } from 'react';
import { conflictsFor, resolveConflict } from '#core/review/field-log.ts';
import { TEXT_FIELDS } from '#core/model/layout.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { Avatar } from './CommentsPanel.tsx';
import { formatDateTime, formatRelative } from './format.ts';
import { ensureOnTeam, usePeople } from './people.ts';
import type { ReviewCollection } from './ReviewBar.tsx';
import { fieldLabel } from './text-fields.ts';
import { useDocVersion } from './useDocVersion.ts';
import { valueText } from './values.tsx';

type Conflict = ReturnType<typeof conflictsFor>[number];

export function isTextField(name: ReviewCollection, field: string): boolean {
  return field.startsWith('answers.') || (TEXT_FIELDS[name] as readonly string[]).includes(field);
}

/** Both (or all) values of one field changed by different people while apart, side by side, with the choice. */
export function ConflictCard({
  conflict,
  name,
  onPick,
  who,
  youId,
  questions,
}: {
  conflict: Conflict;
  name: ReviewCollection;
  onPick: (chosen: string) => void;
  who: (id: string | undefined) => string;
  youId: string;
  questions?: Map<string, string>;
}) {
  const text = conflict.text || isTextField(name, conflict.field);
  return (
    <div className="conflict" data-testid="conflict" data-field={conflict.field}>
      <div className="conflict-head">
        <strong>{fieldLabel(conflict.field, questions)}</strong>
        <span className="muted">was changed by {conflict.candidates.length} people who had not seen each other’s change</span>
      </div>
      <div className="conflict-candidates" style={{ ['--n' as string]: conflict.candidates.length + (text ? 1 : 0) }}>
        {conflict.candidates.map((c) => (
          <div key={c.entryId} className="conflict-candidate" data-testid="conflict-candidate">
            <div className="conflict-who">
              <Avatar id={c.by} name={who(c.by)} size={20} />
              <span>
                <strong>{c.by === youId ? 'You' : who(c.by)}</strong>
                <time dateTime={c.at} title={formatDateTime(c.at)} className="muted">
                  {' '}
                  {formatRelative(c.at)}
                </time>
              </span>
            </div>
            <p className="conflict-value">{valueText(c.value)}</p>
            <Button size="sm" onClick={() => onPick(c.entryId)} data-testid="conflict-keep">
              Keep this
            </Button>
          </div>
        ))}
        {text && (
          <div className="conflict-candidate conflict-merged">
            <div className="conflict-who">
              <Icon name="link" />
              <strong>Merged text (now)</strong>
            </div>
            <p className="conflict-value">{valueText(conflict.current)}</p>
            <Button size="sm" variant="primary" onClick={() => onPick('merged')} data-testid="conflict-keep-merged">
              Keep merged text
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

/** On an item: every field two people changed while offline. Nothing was silently dropped; the reviewer picks. */
export function ConflictsCallout({
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
  const version = useDocVersion(session);
  const { name: who } = usePeople(session, engagementId);
  const conflicts = useMemo(() => {
    void version;
    return conflictsFor(session.doc, name, id);
  }, [session, name, id, version]);
  if (!conflicts.length) return null;
  const pick = (c: Conflict, chosen: string) => {
    try {
      session.undo.stopCapturing();
      ensureOnTeam(session.doc, ws.user, session.ctx);
      resolveConflict(session.doc, session.ctx, name, id, c.field, chosen);
      session.undo.stopCapturing();
      toast({
        message: `${fieldLabel(c.field, questions)}: ${chosen === 'merged' ? 'the merged text is kept' : 'your choice is kept'}. The other value stays in the history.`,
        action: { label: 'Undo', run: () => session.undo.undo() },
      });
    } catch (err) {
      toast({ tone: 'error', message: String((err as Error)?.message ?? err) });
    }
  };
  return (
    <section className="conflicts-callout" aria-labelledby="conflicts-h" data-testid="conflicts-callout">
      <div className="conflicts-title">
        <Icon name="alert" />
        <h2 id="conflicts-h">
          {conflicts.length === 1 ? 'One field was changed by two people at once' : `${conflicts.length} fields were changed by two people at once`}
        </h2>
      </div>
      <p className="muted">They were offline or apart and did not see each other’s change. Both are kept; choose which to keep.</p>
      {conflicts.map((c) => (
        <ConflictCard key={c.field} conflict={c} name={name} who={who} youId={ws.user.id} questions={questions} onPick={(chosen) => pick(c, chosen)} />
      ))}
    </section>
  );
}
