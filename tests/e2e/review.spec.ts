/**
 * Review, as an expert and a lead live it through a real relay (sync-server CLI): the expert submits; the lead
 * finds it in the review queue, comments on a passage with an @mention and sends it back with a note; the expert
 * sees the note (and a notification), fixes, resolves the comment and resubmits; the lead approves. The expert
 * never has an approve control. Then both change the same field while the expert is offline: the lead sees both
 * values with their authors, on the item and in the dashboard, and keeps one. Finally the lead restores an
 * earlier version from the history (diff, confirm, toast with Undo). Screenshots (light + dark) and axe.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { lastLine, setOffline, signInFromSettings, useRelay } from './relay.ts';
import { expect, expectNoSeriousA11yViolations, launchSecondProfile, openApp, REPO_ROOT, setTheme, shot, test } from './helpers.ts';

/** A page whose animation frames the review test holds back (see the @mention pick below). */
type HeldFrames = Window & { realRaf?: typeof requestAnimationFrame; heldFrames?: FrameRequestCallback[] };

const DOCS_SHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const relay = useRelay('gw-e2e-review-relay-');
const relayCli = (args: string[]) => relay().cli(args);
const signIn = signInFromSettings;

test.describe.configure({ mode: 'serial' });

const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);

/** Select a passage of a text field the way a mouse would leave it (focus, range, select event). */
async function selectPassage(page: Page, testId: string, passage: string) {
  await page.getByTestId(testId).evaluate((el: HTMLTextAreaElement, p: string) => {
    const i = el.value.indexOf(p);
    if (i < 0) throw new Error(`"${p}" is not in the field`);
    el.focus();
    el.setSelectionRange(i, i + p.length);
    el.dispatchEvent(new Event('select'));
  }, passage);
}

/** Title fields commit on Enter/blur. */
async function setTitle(page: Page, title: string) {
  const input = page.getByTestId('rec-title');
  await input.fill(title);
  await input.press('Enter');
  await input.blur();
}

async function keep(page: Page, name: string) {
  // Toasts are transient: keep them out of the documentation pictures.
  for (const b of await page.getByRole('button', { name: 'Dismiss notification' }).all()) await b.click().catch(() => undefined);
  await expect(page.locator('.toast')).toHaveCount(0);
  const file = await shot(page, name);
  // Test runs leave the committed pictures alone; GW_DOCS_SHOTS=1 refreshes docs/screenshots on purpose.
  if (!process.env.GW_DOCS_SHOTS) return;
  mkdirSync(DOCS_SHOTS, { recursive: true });
  copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
}

test('expert submits, lead comments and sends back, expert fixes, lead approves; concurrent edits and restore', async ({ profile }) => {
  test.setTimeout(480_000);
  const expert = profile.page;
  const leadProfile = await launchSecondProfile('gw-e2e-lead-');
  const lead = leadProfile.page;
  try {
    await openApp(expert, { query: 'empty=1' });
    await openApp(lead, { query: 'empty=1' });

    // The expert creates the engagement; the relay's administrator registers it with an expert and a lead.
    await expert.getByTestId('new-engagement').click();
    const dialog = expert.getByRole('dialog', { name: 'New engagement' });
    await dialog.getByLabel('City').fill('Fernhill');
    await dialog.getByLabel('State').fill('or');
    await dialog.getByRole('checkbox', { name: 'Housing' }).check();
    await dialog.getByRole('button', { name: 'Create engagement' }).click();
    await expect(expert).toHaveURL(/#\/e\/[^/]+\/overview/);
    const engagementId = /#\/e\/([^/]+)/.exec(expert.url())![1]!;
    await relayCli(['engagement', 'add', '--id', engagementId, '--city', 'Fernhill', '--state', 'OR']);
    const tokenExpert = lastLine(await relayCli(['user', 'add', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', engagementId]));
    const tokenLead = lastLine(await relayCli(['user', 'add', '--name', 'Lena Park', '--role', 'lead', '--engagement', engagementId]));

    await signIn(expert, relay().url, tokenExpert);
    await expect(expert.getByTestId('sync-user')).toHaveText('Ana Reyes');
    // Signed in, the relay's token decides the role: the local choice is locked.
    await expect(expert.getByTestId('role-choice')).toContainText('Set by your relay sign-in (expert)');
    await expect(expert.getByTestId('role-lead')).toBeDisabled();
    await signIn(lead, relay().url, tokenLead);
    await expect(lead.getByTestId('sync-user')).toHaveText('Lena Park');
    await expect(lead.getByTestId('sync-engagements')).toContainText('Fernhill, OR', { timeout: 20_000 });

    // The expert drafts a recommendation.
    await go(expert, `#/e/${engagementId}/recommendations`);
    await expert.getByTestId('new-recommendation').click();
    await expect(expert.getByTestId('recommendation-editor')).toBeVisible();
    await setTitle(expert, 'Repair the Main Street crossings');
    const recId = /#\/e\/[^/]+\/recommendations\/([^/?]+)/.exec(expert.url())![1]!;
    const rationale = expert.getByTestId('rec-rationale');
    await rationale.click();
    await expert.keyboard.type('Crossings near the school see 40 near misses a year. Repairs cost less than one lawsuit.');
    const bar = expert.getByTestId('review-bar');
    await expect(bar).toHaveAttribute('data-state', 'draft');
    // An expert has no approve or send-back control at all.
    await expect(bar.getByTestId('review-approve')).toHaveCount(0);
    await expect(bar.getByTestId('review-send-back')).toHaveCount(0);
    await bar.getByTestId('review-submit').click();
    await expect(bar).toHaveAttribute('data-state', 'submitted');
    await expect(bar.getByTestId('review-who')).toContainText('Submitted by you');
    await expect(bar).toContainText('Only a lead approves');
    await expect(bar.getByTestId('review-approve')).toHaveCount(0);

    // The lead finds it in the review queue and opens it from the keyboard.
    await lead.getByTestId('nav-review').click();
    const queue = lead.getByTestId('review-queue');
    await expect(queue).toContainText('Repair the Main Street crossings', { timeout: 60_000 });
    await queue.focus();
    await lead.keyboard.press('Enter');
    await expect(lead).toHaveURL(new RegExp(`recommendations/${recId}`));
    const leadBar = lead.getByTestId('review-bar');
    await expect(leadBar).toHaveAttribute('data-state', 'submitted');
    await expect(leadBar.getByTestId('review-who')).toContainText('Submitted by Ana Reyes');

    // A comment on a passage, with an @mention picked from the autocomplete.
    await expect(lead.getByTestId('rec-rationale')).toHaveValue(/40 near misses/);
    await selectPassage(lead, 'rec-rationale', '40 near misses a year');
    await lead.getByTestId('comment-on-selection').click();
    await expect(lead.getByTestId('composer-quote')).toContainText('40 near misses a year');
    const input = lead.getByTestId('comment-input');
    await input.pressSequentially('Where does this figure come from? @An');
    await expect(lead.getByRole('option', { name: /Ana Reyes/ })).toBeVisible();
    // Typing straight on after picking must not lose the caret. The caret used to be placed in the next animation
    // frame, so a key typed before that frame landed at the end of the text and the rest went in front of it ("…Reyes
    // lease cite….p", seen here now and then). Frames are held back until the first key is typed, to make that order
    // certain.
    await lead.evaluate(() => {
      const w = window as HeldFrames;
      w.realRaf = w.requestAnimationFrame.bind(w);
      w.heldFrames = [];
      w.requestAnimationFrame = (cb) => w.heldFrames!.push(cb);
    });
    await input.press('Enter');
    await input.press('p');
    await lead.evaluate(() => {
      const w = window as HeldFrames;
      w.requestAnimationFrame = w.realRaf!;
      for (const cb of w.heldFrames!.splice(0)) cb(performance.now());
    });
    await input.pressSequentially('lease cite the police report.');
    await expect(input).toHaveValue('Where does this figure come from? @Ana Reyes please cite the police report.');
    await lead.getByTestId('comment-input-send').click();
    const thread = lead.getByTestId('comment-thread');
    await expect(thread).toContainText('@Ana Reyes');
    await expect(thread.getByTestId('comment-quote')).toContainText('40 near misses a year');
    await expect(lead.getByTestId('comments-unresolved')).toHaveText('1');

    // Send back with a note.
    await leadBar.getByTestId('review-send-back').click();
    await leadBar.getByTestId('review-note-input').fill('Add the source of the near-miss figure, then resubmit.');
    await expectNoSeriousA11yViolations(lead, 'review-send-back-form');
    await leadBar.getByTestId('review-send-back-confirm').click();
    await expect(leadBar).toHaveAttribute('data-state', 'changes-requested');
    await expect(lead.getByRole('status').filter({ hasText: 'Sent back with your note' })).toBeVisible();

    // The expert sees the note prominently, a notification, and the comment on the passage.
    await expect(bar).toHaveAttribute('data-state', 'changes-requested', { timeout: 20_000 });
    await expect(bar.getByTestId('review-note')).toContainText('Add the source of the near-miss figure, then resubmit.');
    await expect(bar.getByTestId('review-note')).toContainText('Lena Park asked for changes');
    await expect(expert.getByTestId('comment-thread')).toContainText('please cite the police report', { timeout: 20_000 });
    await expect(expert.getByTestId('nav-unread')).toHaveText('2', { timeout: 20_000 });
    await shot(expert, 'review-expert-sent-back');
    await expectNoSeriousA11yViolations(expert, 'review-expert-sent-back');
    // Clicking the quote selects the passage in the text.
    await expert.getByTestId('comment-quote').click();
    await expect.poll(() => rationale.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('40 near misses a year');

    // Notifications: the review page lists both; marking them read clears the badge.
    await expert.getByTestId('nav-review').click();
    const notes = expert.getByTestId('review-notifications');
    await expect(notes.getByTestId('notification')).toHaveCount(2);
    await expect(notes).toContainText('Sent back to you: Repair the Main Street crossings');
    await expect(notes).toContainText('Lena Park mentioned you');
    await notes.getByTestId('mark-all-read').click();
    await expect(expert.getByTestId('nav-unread')).toHaveCount(0);
    await notes.getByTestId('notification').filter({ hasText: 'Sent back to you' }).getByRole('link').click();
    await expect(expert).toHaveURL(new RegExp(`recommendations/${recId}`));
    // The expert fixes the text; the anchored passage follows the edit.
    await rationale.click();
    await expert.keyboard.press('Control+Home');
    await expert.keyboard.type('Police report 2025-114: ');
    await expert.keyboard.press('Control+End');
    await expert.keyboard.type(' Source: Fernhill PD collision log.');
    await expert.getByTestId('comment-quote').click();
    await expect.poll(() => rationale.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('40 near misses a year');
    await expert.getByTestId('comment-resolve').click();
    await expect(expert.getByTestId('comments-unresolved')).toHaveCount(0);
    await expect(bar.getByTestId('review-submit')).toHaveText('Resubmit for review');
    await bar.getByTestId('review-submit').click();
    await expect(bar).toHaveAttribute('data-state', 'submitted');

    // The lead approves; the expert sees it, still without any approve control.
    await expect(leadBar).toHaveAttribute('data-state', 'submitted', { timeout: 20_000 });
    await expect(lead.getByTestId('rec-rationale')).toHaveValue(/Source: Fernhill PD collision log\./);
    await lead.getByTestId('review-tab-comments').click();
    await lead.getByRole('button', { name: /Show resolved/ }).click();
    await expect(lead.getByTestId('comment-thread')).toContainText('Resolved');
    await leadBar.getByTestId('review-approve').click();
    await expect(leadBar).toHaveAttribute('data-state', 'approved');
    await expect(bar).toHaveAttribute('data-state', 'approved', { timeout: 20_000 });
    await expect(bar.getByTestId('review-who')).toContainText('Approved by Lena Park');
    await expect(expert.getByTestId('review-approve')).toHaveCount(0);
    await expect(expert.getByTestId('review-send-back')).toHaveCount(0);
    await expect(expert.getByTestId('review-reopen')).toHaveCount(0);

    // Screens: the review bar and comments; the authors mode.
    await keep(lead, 'review-bar-comments');
    await expectNoSeriousA11yViolations(lead, 'review-bar-comments');
    await lead.getByTestId('show-authors').check();
    await expect(lead.getByTestId('authored-text').first()).toBeVisible();
    await expect(lead.getByTestId('authored-text').first().locator('[data-author="Ana Reyes"]').first()).toBeVisible();
    await lead.getByTestId('review-tab-authors').click();
    await expect(lead.getByTestId('authors-view')).toContainText('Ana Reyes');
    await keep(lead, 'review-authors');
    await expectNoSeriousA11yViolations(lead, 'review-authors');
    await lead.getByTestId('show-authors').uncheck();

    // Both change the owner while the expert is offline: neither sees the other's change.
    await setOffline(profile.context, expert, true);
    await expect(expert.getByTestId('sync-indicator-text')).toHaveText('Offline', { timeout: 15_000 });
    const ownerExpert = expert.getByTestId('rec-owner');
    await ownerExpert.fill('Public works department');
    await ownerExpert.blur();
    const ownerLead = lead.getByTestId('rec-owner');
    await ownerLead.fill('Fernhill school district');
    await ownerLead.blur();
    await expect(ownerExpert).toHaveValue('Public works department');
    await setOffline(profile.context, expert, false);
    // The lead sees both values, with who wrote them, on the item …
    const callout = lead.getByTestId('conflicts-callout');
    await expect(callout).toBeVisible({ timeout: 25_000 });
    const candidates = callout.getByTestId('conflict-candidate');
    await expect(candidates).toHaveCount(2);
    await expect(callout).toContainText('Public works department');
    await expect(callout).toContainText('Fernhill school district');
    await expect(callout).toContainText('Ana Reyes');
    await expect(callout).toContainText('You');
    await keep(lead, 'review-conflict');
    await expectNoSeriousA11yViolations(lead, 'review-conflict');
    // … and in the dashboard.
    await lead.getByTestId('nav-review').click();
    await expect(lead.getByTestId('dashboard-conflict')).toContainText('Repair the Main Street crossings', { timeout: 20_000 });
    await expect(lead.getByTestId('dashboard-conflict')).toContainText('Ana Reyes');
    await expect(lead.getByTestId('stat-conflicts')).toContainText('1');
    await keep(lead, 'review-dashboard');
    await expectNoSeriousA11yViolations(lead, 'review-dashboard');
    await lead.getByTestId('dashboard-conflict').getByRole('link').click();
    await callout.getByTestId('conflict-candidate').filter({ hasText: 'Public works department' }).getByTestId('conflict-keep').click();
    await expect(callout).toHaveCount(0);
    await expect(lead.getByTestId('rec-owner')).toHaveValue('Public works department');
    await expect(ownerExpert).toHaveValue('Public works department', { timeout: 20_000 });
    await expect(expert.getByTestId('conflicts-callout')).toHaveCount(0);

    // History: the version at the first submit, compared with now, restored as a new change.
    await lead.getByTestId('review-tab-history').click();
    const entries = lead.getByTestId('history-entry');
    await expect(entries.filter({ hasText: 'Approved' }).first()).toBeVisible();
    const firstSubmit = entries.filter({ hasText: 'Submitted' }).last();
    await firstSubmit.getByRole('checkbox').check();
    await lead.getByTestId('history-compare').click();
    const diff = lead.getByTestId('history-diff');
    await expect(diff.locator('.diff-ins').filter({ hasText: 'Police report 2025-114:' })).toBeVisible();
    await expect(diff).toContainText('Owner');
    await keep(lead, 'review-history-diff');
    await expectNoSeriousA11yViolations(lead, 'review-history-diff');
    await lead.getByTestId('history-restore').click();
    await lead.getByTestId('history-restore-confirm').click();
    const toast = lead.getByRole('status').filter({ hasText: 'Restored the version of' });
    await expect(toast).toBeVisible();
    await expect(toast.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expect(lead.getByTestId('rec-rationale')).toHaveValue('Crossings near the school see 40 near misses a year. Repairs cost less than one lawsuit.');
    await expect(rationale).toHaveValue('Crossings near the school see 40 near misses a year. Repairs cost less than one lawsuit.', { timeout: 20_000 });
    await expect(entries.filter({ hasText: /Restored/ }).first()).toBeVisible();

    // The engagement's timeline: the change log merged with the relay's audit log (GET /api/history) — who synced
    // what and when, named by the relay's user records; filter by person, then by relay syncs only.
    await lead.getByTestId('nav-history').click();
    await expect(lead.getByTestId('engagement-timeline')).toBeVisible();
    await expect(lead.getByTestId('timeline-relay-note')).toContainText(/Merged with the relay’s sync log: \d+ syncs? shown/, { timeout: 20_000 });
    const timeline = lead.getByTestId('timeline-table');
    await expect(timeline.getByText('Relay sync').first()).toBeVisible();
    await expect(timeline.getByText(/Synced .* through the relay/).first()).toBeVisible();
    await keep(lead, 'review-timeline');
    await expectNoSeriousA11yViolations(lead, 'review-timeline');
    await lead.getByTestId('timeline-person').selectOption({ label: 'Ana Reyes' });
    await expect(timeline.getByText('Relay sync').first()).toBeVisible();
    await expect(timeline).toContainText('Ana Reyes');
    await expect(timeline).not.toContainText('Lena Park');
    await lead.getByTestId('timeline-item').selectOption('sync');
    await expect(timeline.getByText('New', { exact: true })).toHaveCount(0);
    await expect(timeline.getByText('Relay sync').first()).toBeVisible();
    // Keyboard: with one item picked, the table takes focus and Enter opens that item.
    await lead.getByTestId('timeline-person').selectOption('');
    await lead.getByTestId('timeline-item').selectOption({ index: 2 });
    await timeline.focus();
    await lead.keyboard.press('Home');
    await lead.keyboard.press('Enter');
    await expect(lead).toHaveURL(/#\/e\/[^/]+\/recommendations\//);

    // Dark theme.
    await setTheme(lead, 'dark');
    await lead.getByTestId('review-tab-comments').click();
    await keep(lead, 'review-bar-comments-dark');
    await lead.getByTestId('nav-review').click();
    await expect(lead.getByTestId('review-dashboard')).toBeVisible();
    await keep(lead, 'review-dashboard-dark');
    await expectNoSeriousA11yViolations(lead, 'review-dashboard-dark');
    await go(lead, `#/e/${engagementId}/history`);
    await expect(lead.getByTestId('timeline-relay-note')).toContainText('Merged with the relay’s sync log', { timeout: 20_000 });
    await keep(lead, 'review-timeline-dark');
    await expectNoSeriousA11yViolations(lead, 'review-timeline-dark');
  } finally {
    await leadProfile.close();
  }
  expect(leadProfile.problems.errors, 'the lead page reported errors').toEqual([]);
});
