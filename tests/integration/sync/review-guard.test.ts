/**
 * The review guard through a real relay process and real y-websocket clients: an expert's crafted "approve"
 * is refused (counted, told to the sender) and never reaches the lead or a later client; the expert's ordinary
 * edits and submit still flow; the lead's approve passes and reaches the expert.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collection } from '#core/model/layout.ts';
import { readEntity } from '#core/model/read.ts';
import { createEntity, initEngagementDoc, updateEntity } from '#core/model/write.ts';
import { applyReviewAction } from '#core/review/rules.ts';
import { connectClient, metric, mintToken, removeDir, startRelay, synced, waitFor, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
}, 30_000);
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const state = (doc: import('yjs').Doc, id: string) => {
  const r = readEntity(doc, 'recommendations', id);
  return r?.ok ? r.value.review.state : undefined;
};

test('an expert’s crafted approve is refused by the relay and never reaches the lead; the lead’s approve passes', async () => {
  const room = 'eng-review';
  const leadTok = mintToken(relay.dataDir, { sub: 'p-lead', role: 'lead', eng: [room] });
  const expertTok = mintToken(relay.dataDir, { sub: 'p-expert', role: 'expert', eng: [room] });
  const lead = connectClient(relay.url, room, leadTok);
  const expert = connectClient(relay.url, room, expertTok);
  const denied: string[] = [];
  (expert.provider.messageHandlers as unknown[])[2] = (_e: unknown, decoder: decoding.Decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  await Promise.all([synced(lead), synced(expert)]);

  const at = (iso: string) => ({ now: () => new Date(iso) });
  initEngagementDoc(lead.doc, { author: 'p-lead', ...at('2025-01-06T09:00:00.000Z') }, { id: room, city: 'Tula', state: 'NM', kind: 'direct', intensity: 'moderate', focusAreas: ['housing'], status: 'active', startDate: '2025-01-06', sponsor: 'Mayor' });
  for (const [id, n] of [['r1', 1], ['r2', 2]] as const) createEntity(lead.doc, { author: 'p-lead' }, 'recommendations', { id, number: n, title: `Rec ${n}`, focusArea: 'housing', priority: 'high', status: 'draft' });
  await waitFor(() => state(expert.doc, 'r2') === 'draft', 'expert has both recommendations');

  // Legitimate: the expert submits r1.
  applyReviewAction(expert.doc, { author: 'p-expert', role: 'expert' }, 'recommendations', 'r1', 'submit');
  await waitFor(() => state(lead.doc, 'r1') === 'submitted', 'lead sees the submit');

  // Crafted: a modified client writes approval straight into the document.
  const refusedBefore = await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="review_guard"');
  collection(expert.doc, 'recommendations').get('r1')!.set('review', { state: 'approved', by: 'p-expert', at: new Date().toISOString() });
  await waitFor(async () => (await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="review_guard"')) > refusedBefore, 'relay refused and counted it');
  await waitFor(() => denied.length > 0, 'expert told why');
  expect(denied[0]).toMatch(/^review: only a lead may change the review of recommendations\/r1 \(submitted → approved\)/);
  expect(await metric(relay.http, 'groundwork_relay_updates_total', 'outcome="refused_review"')).toBeGreaterThan(0);

  // The expert's next ordinary edit flows; by the time it reaches the lead, the approval has not.
  updateEntity(expert.doc, { author: 'p-expert' }, 'recommendations', 'r2', { owner: 'Public works' });
  await waitFor(() => (readEntity(lead.doc, 'recommendations', 'r2') as { value?: { owner: string } }).value?.owner === 'Public works', 'ordinary edit relayed');
  expect(state(lead.doc, 'r1')).toBe('submitted');
  const late = connectClient(relay.url, room, leadTok);
  await synced(late);
  await waitFor(() => state(late.doc, 'r2') === 'draft', 'late client loaded');
  expect(state(late.doc, 'r1')).toBe('submitted');

  // A reconnect re-sends the expert's state (sync step 2, with its whole delete set: the refused change's deletion of
  // the 'submitted' value again). The relay filled the refused clocks, drops that deletion (refused and counted
  // again) and keeps the rest: the expert's edits keep flowing, the approval never arrives.
  const refusedNow = await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="review_guard"');
  expert.provider.disconnect();
  expert.provider.connect();
  await synced(expert);
  updateEntity(expert.doc, { author: 'p-expert' }, 'recommendations', 'r2', { owner: 'Roads department' });
  await waitFor(() => (readEntity(late.doc, 'recommendations', 'r2') as { value?: { owner: string } }).value?.owner === 'Roads department', 'edit after reconnect relayed');
  expect(state(lead.doc, 'r1')).toBe('submitted');
  expect(state(late.doc, 'r1')).toBe('submitted');
  expect(await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="review_guard"')).toBeGreaterThanOrEqual(refusedNow);

  // The lead approves r1 (an approve from a lead passes, and reaches the expert).
  applyReviewAction(lead.doc, { author: 'p-lead', role: 'lead' }, 'recommendations', 'r1', 'approve');
  await waitFor(() => state(late.doc, 'r1') === 'approved', 'lead approval relayed');
  for (const c of [lead, expert, late]) c.destroy();
});
