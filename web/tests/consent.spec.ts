// The patient's consent centre (数据授权, issue 15) in the browser against the real server, on a 375 px
// phone: the demo grants in their three states and the demo access history; a new grant to the insurer
// makes the adjuster's next read of a withheld case show the narrative and that read appears in the
// history; revoking it (with confirmation) withholds the narrative again at the adjuster's next request.
import { expect as baseExpect, test } from '@playwright/test';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

// The server seeds and serves the whole demo; on a loaded machine a page takes longer than the default.
const expect = baseExpect.configure({ timeout: 30_000 });

async function signedIn(browser: Browser, username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

interface CaseRow {
  id: number;
  narrative: string | null;
  narrative_withheld: boolean;
}

async function adjusterCases(request: APIRequestContext): Promise<CaseRow[]> {
  const r = await request.get('/api/v1/cases?limit=100');
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { items: CaseRow[] }).items;
}

interface AccessEntry { reader_name: string; purpose: string }
interface PurposeRow { id: string; name_zh: string; name_en: string }

// The newest entry of the patient's access log and its purpose's names (other specs that ran before this
// one against the same demo server may have added reads; the log shows the newest first).
async function newestAccess(request: APIRequestContext): Promise<{ entry: AccessEntry; purpose: PurposeRow }> {
  const log = (await (await request.get('/api/v1/consent/access-log?limit=1')).json()) as { items: AccessEntry[] };
  const purposes = (await (await request.get('/api/v1/consent/purposes')).json()) as { purposes: PurposeRow[] };
  const entry = log.items[0];
  expect(entry, 'the demo history has reads in the patient\'s access log').toBeTruthy();
  const purpose = purposes.purposes.find((p) => p.id === entry!.purpose);
  expect(purpose).toBeTruthy();
  return { entry: entry!, purpose: purpose! };
}

async function adjusterCase(request: APIRequestContext, id: number): Promise<CaseRow> {
  const r = await request.get(`/api/v1/cases/${id}`);
  expect(r.ok()).toBe(true);
  return (await r.json()) as CaseRow;
}

test('the patient grants the insurer, sees its read in the history, and revokes it for the next request', async ({ browser }) => {
  test.setTimeout(180_000);
  const patient = await signedIn(browser, 'patient', 375);
  await patient.getByTestId('menu-toggle').click();
  await patient.getByRole('menuitem', { name: zh('menu.consents') }).click();
  await expect(patient.getByRole('heading', { level: 1, name: zh('menu.consents') })).toBeVisible();

  // The demo grants: active, revoked and expired; the demo history: expert1's reads under the expired grant.
  const grants = patient.getByTestId('consent-grants');
  for (const state of ['active', 'revoked', 'expired'])
    await expect(grants.getByTestId('consent-state').filter({ hasText: zh(`consent.state.${state}`) }).first()).toBeVisible();
  const history = patient.getByTestId('consent-access-log');
  const newest = await newestAccess(patient.request);
  await expect(history.getByRole('row').nth(1)).toContainText(newest.entry.reader_name);
  await expect(history.getByRole('row').nth(1)).toContainText(newest.purpose.name_zh);
  await expectNoRawText(patient);
  expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // A case of the demo patient that the insurer's adjuster sees without its narrative.
  const adjuster = await signedIn(browser, 'adjuster');
  const withheld = (await adjusterCases(adjuster.request)).find((c) => c.narrative_withheld);
  expect(withheld, 'a demo case the adjuster reads without consent').toBeTruthy();
  const caseId = withheld!.id;

  // The patient grants 安和财产保险明湖分公司 (insurer1) the narrative for an insurance claim.
  await patient.getByTestId('consent-new').click();
  await patient.getByTestId('consent-purpose').click();
  await patient.getByTitle('保险理赔', { exact: true }).click();
  await patient.getByTestId('consent-organization').click();
  await patient.getByTitle('安和财产保险明湖分公司', { exact: true }).click();
  await patient.getByTestId('consent-submit').click();
  const row = grants.getByRole('listitem').filter({ hasText: '安和财产保险明湖分公司' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.active'));

  const read = await adjusterCase(adjuster.request, caseId);
  expect(read.narrative_withheld).toBe(false);
  expect(read.narrative).toBeTruthy();

  await patient.reload();
  await expect(history.getByRole('row').nth(1)).toContainText('理赔 孙嘉木');  // newest first
  await expect(history.getByRole('row').nth(1)).toContainText('保险理赔');

  // Revoke, after the confirmation: the adjuster's very next request is withheld again.
  await row.getByTestId('consent-revoke').click();
  await patient.getByTestId('consent-revoke-confirm').click();
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.revoked'));
  const after = await adjusterCase(adjuster.request, caseId);
  expect(after.narrative_withheld).toBe(true);
  expect(after.narrative).toBeNull();
  expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test('the consent centre in English', async ({ browser }) => {
  test.setTimeout(90_000);
  const patient = await signedIn(browser, 'patient');
  await patient.evaluate(() => window.localStorage.setItem('medrisk.language', 'en-US'));
  await patient.goto('/consent');
  await expect(patient.getByRole('heading', { level: 1, name: 'Data consent' })).toBeVisible();
  await expect(patient.getByTestId('consent-grants')).toContainText('Insurance claim');
  const newest = await newestAccess(patient.request);
  await expect(patient.getByTestId('consent-access-log').getByRole('row').nth(1)).toContainText(newest.purpose.name_en);
  await expectNoRawText(patient);
});
