import { useCallback } from 'react';
import { moveRequest } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { useNetwork } from './network.ts';
import { useProgrammePeople } from './people.ts';

/**
 * Move a request along its flow as the person working here; a refused move (role, missing expert or memo) comes
 * back as a toast saying why, and a done one offers Undo.
 */
export function useMoveRequest(): (id: string, to: RequestStatus) => boolean {
  const ws = useWorkspace();
  const net = useNetwork();
  const toast = useToast();
  const { name } = useProgrammePeople();
  return useCallback(
    (id: string, to: RequestStatus) => {
      if (!net) return false;
      try {
        const before = net.doc.getMap<unknown>('requests').get(id) as { get(k: string): unknown } | undefined;
        const assignee = before?.get('assignee') as string | undefined;
        const r = moveRequest(net.doc, net.ctx, id, to, ws.user.role, { authorName: assignee ? name(assignee) : ws.user.name });
        toast({
          message: to === 'published' ? `Published “${r.topic}” to the library.` : `“${r.topic}” moved to ${REQUEST_STATUS_LABELS[to]}.`,
          action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined,
        });
        return true;
      } catch (err) {
        toast({ tone: 'error', message: err instanceof ValidationError ? err.messages.join(' ') : String((err as Error)?.message ?? err) });
        return false;
      }
    },
    [net, ws.user, toast, name],
  );
}
