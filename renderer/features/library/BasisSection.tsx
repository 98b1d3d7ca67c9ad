import type { FocusArea } from '#core/schemas/index.ts';
import { linkLibraryItem, unlinkLibraryItem } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import type { EngagementSession } from '../../data/session.ts';
import { useToast } from '../../ui/Toasts.tsx';
import { LinkedLibraryList } from './LinkedLibraryList.tsx';

/**
 * "Basis": the library items a recommendation or finding rests on. Links are stored on the engagement item
 * (libraryIds), so they travel with the engagement and undo with its other edits.
 */
export function BasisSection({ session, collection, id, libraryIds, focusArea, readOnly }: { session: EngagementSession; collection: 'recommendations' | 'findings'; id: string; libraryIds: readonly string[]; focusArea?: FocusArea; readOnly?: boolean }) {
  const toast = useToast();
  const run = (fn: () => void, message: string) => {
    try {
      fn();
      toast({ message, action: { label: 'Undo', run: () => session.undo.undo() } });
    } catch (err) {
      toast({ tone: 'error', message: err instanceof ValidationError ? err.messages.join(' ') : String(err) });
    }
  };
  return (
    <LinkedLibraryList
      title="Basis"
      ids={libraryIds}
      focusArea={focusArea}
      testId={`basis-${collection}`}
      empty={collection === 'recommendations' ? 'Link the guides, case studies or memos this recommendation rests on; the internal report names them.' : 'Link the library items that back this finding up.'}
      onLink={readOnly ? undefined : (libraryId) => run(() => linkLibraryItem(session.doc, session.ctx, collection, id, libraryId), 'Library item linked as basis.')}
      onUnlink={readOnly ? undefined : (libraryId) => run(() => unlinkLibraryItem(session.doc, session.ctx, collection, id, libraryId), 'Basis link removed.')}
    />
  );
}
