/** Teams, place and indicators are projected into the engagement rows, so the people picker and peer ranking read
 * Dexie rows instead of opening every engagement doc; a team edit reaches the row like any other change. */
import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { rankPeers } from '#core/knowledge/peers.ts';
import { updateEngagement } from '#core/model/write.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import { newEngagement } from '../fixtures.ts';

const open: Workspace[] = [];
let n = 0;
afterEach(async () => {
  for (const ws of open.splice(0)) {
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  }
});

const base = newEngagement;

it('projects the team and the peer inputs into the engagement row, and follows team edits', async () => {
  const ws = await Workspace.start(`people-projection-${process.pid}-${++n}`);
  open.push(ws);
  const a = await ws.createEngagement(
    base({
      team: [{ id: 'p-ana', name: 'Ana Reyes', role: 'expert' }],
      lat: 42.1,
      lng: -71.2,
      indicators: [{ id: 'i1', name: 'Vacancy rate', value: 14, unit: '%', source: 'ACS 2024', asOf: '2025-12-31' }],
    }),
  );
  const b = await ws.createEngagement(
    base({
      city: 'New Harlow',
      state: 'PA',
      lat: 40.9,
      lng: -76.1,
      team: [{ id: 'p-ben', name: 'Ben Ortiz', role: 'lead' }],
      indicators: [{ id: 'i1', name: 'Vacancy rate', value: 12, unit: '%', source: 'ACS 2024', asOf: '2025-12-31' }],
    }),
  );
  const rowA = (await ws.db.engagements.get(a))!;
  expect(rowA.team).toEqual([{ id: 'p-ana', name: 'Ana Reyes', role: 'expert' }]);
  expect(rowA.indicators).toEqual([{ id: 'i1', name: 'Vacancy rate', value: 14, unit: '%' }]);
  // Peer ranking straight from rows: reasons include the shared focus area and the distance.
  const [peer] = rankPeers(rowA, [(await ws.db.engagements.get(b))!]);
  expect(peer?.id).toBe(b);
  expect(peer?.distanceKm).toBeGreaterThan(0);

  const s = await ws.open(a);
  updateEngagement(s.doc, s.ctx, {
    team: [
      { id: 'p-ana', name: 'Ana Reyes', role: 'expert' },
      { id: 'p-cy', name: 'Cy Mbeki', role: 'expert' },
    ],
  });
  await s.settle();
  expect((await ws.db.engagements.get(a))!.team!.map((p) => p.name)).toEqual(['Ana Reyes', 'Cy Mbeki']);
});
