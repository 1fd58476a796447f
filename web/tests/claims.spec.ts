// Insurance claims (理赔, issue 7) in the browser against the real server (`serve --demo`, whose demo bank
// confirms every payment instruction after about two seconds): the whole chain from a patient's complaint
// on a phone to the claim paid and the case closed, through the screens of each role; a double click on
// "pay" that must create one payment only, and a second press after a lost answer that reuses the key;
// a supervisor's approval above authority; a denial; a failed payment retried; the actuary's portfolio.
//
// The disputes screens have no forms yet for mediation sessions, the agreement and its signatures (another
// branch adds them): those three steps go through the API with the signed-in user's own session
// (page.request shares the browser context's cookie), everything else through the pages.
import { expect, test } from '@playwright/test';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, expectNoRawText, login, zh } from './support';

async function signedIn(browser: Browser, username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

/** A POST through the page's session; fails the test with the server's problem when refused. */
async function post(page: Page, path: string, data: unknown): Promise<unknown> {
  const r = await page.request.post(path, { data });
  expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBe(true);
  return r.json();
}

async function caseAction(page: Page, action: string): Promise<void> {
  await page.getByTestId('case-action').click();
  await page.getByTitle(zh(`disputes.action.${action}`), { exact: true }).click();
  await page.getByTestId('case-action-submit').click();
}

async function fillBankAccount(page: Page): Promise<void> {
  await page.getByTestId('payment-holder').fill('李四（虚构）');
  await page.getByTestId('payment-bank').fill('明湖市商业银行');
  await page.getByTestId('payment-number').fill('6222 0000 0000 4321');
}

test('complaint → case → agreement → claim reserved, approved and paid → case closed', async ({ browser }) => {
  test.setTimeout(240_000);  // five people act in turn, and the bank confirms asynchronously
  const department = `手外科${Date.now() % 100_000}`;  // tells this run's case apart in a shared database

  // 1. The patient files a complaint on a phone.
  const patient = await signedIn(browser, 'patient', 375);
  await patient.goto('/disputes/complaints/new');
  await patient.getByTestId('complaint-institution').click();
  await patient.getByTitle('明湖市第一人民医院', { exact: true }).click();
  await patient.getByTestId('complaint-category').click();
  await patient.getByTitle(zh('disputes.category.diagnosis_treatment'), { exact: true }).click();
  await patient.getByTestId('complaint-department').fill(department);
  await patient.getByTestId('complaint-date').click();
  await patient.getByTestId('complaint-date').fill(daysAgo(5));
  await patient.keyboard.press('Enter');
  await patient.getByTestId('complaint-narrative').fill('左手肌腱修复术后功能障碍，术前未告知风险。');
  await patient.getByTestId('complaint-submit').click();
  await expect(patient).toHaveURL(/\/disputes\/my-cases$/);

  // 2. The officer turns it into a case with a demand of ¥80,000.
  const officer = await signedIn(browser, 'officer');
  await officer.goto('/disputes/cases');
  await officer.getByTestId('escalate-demand').fill('80000');
  const complaintRow = officer.getByTestId('complaints-table').getByRole('row').filter({ hasText: department });
  await complaintRow.getByRole('button', { name: zh('disputes.complaint.escalate') }).click();
  await expect(complaintRow).toContainText(zh('disputes.complaint_state.escalated'));

  // 3. The mediator accepts the case (it is linked to the hospital's liability policy) and opens mediation.
  const mediator = await signedIn(browser, 'mediator');
  await mediator.goto('/disputes/cases');
  await mediator.getByTestId('cases-table').getByRole('row').filter({ hasText: department }).getByRole('link').click();
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.filed'));
  const caseUrl = new URL(mediator.url()).pathname;
  const caseId = Number(caseUrl.split('/').pop());
  await caseAction(mediator, 'accept');
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.accepted'));
  await caseAction(mediator, 'start_investigation');
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.investigation'));
  await caseAction(mediator, 'start_mediation');
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.mediation'));

  // 4. The patient uploads every required document and lets the mediator read them; the mediator accepts them.
  await patient.goto(caseUrl);
  await patient.getByTestId('consent-mediator').click();
  await expect(patient.getByTestId('consent-mediator')).toBeChecked();
  const missing = patient.getByTestId('case-missing');
  const toUpload = await missing.locator('[data-testid^="upload-"]').count();
  expect(toUpload).toBeGreaterThan(0);
  for (let i = 0; i < toUpload; i++) {
    await missing.locator('input[type=file]').nth(i).setInputFiles({
      name: `document-${i}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% invented document ${i}\n`),
    });
    await expect(missing.getByText(zh('disputes.material_status.uploaded'))).toHaveCount(i + 1);
  }
  await mediator.reload();
  const accept = mediator.getByTestId('case-missing').locator('[data-testid^="accept-"]');
  await expect(accept).toHaveCount(toUpload);
  for (let left = toUpload; left > 0; left--) {
    await accept.first().click();
    await expect(accept).toHaveCount(left - 1);
  }
  await expect(mediator.getByTestId('case-missing')).toContainText(zh('disputes.case.complete'));

  // 5. Session and agreement (API: no form yet), both parties sign (API), the mediator records the agreement.
  await post(mediator, `/api/v1/cases/${caseId}/mediation-sessions`, {
    scheduled_at: new Date().toISOString(), place: '第一调解室', attendees: ['患方', '医方', '调解员'], outcome: 'agreed',
    offers: [{ party: 'patient_side', amount_fen: 8_000_000 }, { party: 'provider', amount_fen: 5_000_000 }],
  });
  await post(mediator, `/api/v1/cases/${caseId}/agreement`, { amount_fen: 5_000_000, payers: [{ payer: 'insurer', amount_fen: 5_000_000 }] });
  await post(patient, `/api/v1/cases/${caseId}/agreement/signatures`, { signature_text: '患方（虚构）' });
  await post(officer, `/api/v1/cases/${caseId}/agreement/signatures`, { signature_text: '明湖市第一人民医院医务科（虚构）' });
  await mediator.reload();
  await caseAction(mediator, 'reach_agreement');
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.agreement'));

  // 6. The adjuster follows the case page's link to the claim opened from the signed agreement.
  const adjuster = await signedIn(browser, 'adjuster');
  await adjuster.goto(caseUrl);
  await adjuster.getByTestId('case-claim-link').click();
  await expect(adjuster).toHaveURL(/\/claims\/\d+$/);
  const summary = adjuster.getByTestId('claim-summary');
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.assessing'));
  await expect(summary.getByTestId('claim-case-link')).toHaveText(`#${caseId}`);
  await expect(adjuster.getByTestId('claim-deadline-insurer_decision')).toBeVisible();
  // co-insurance pool of the demo policy: 安和 60 %, 康泰 40 %
  await expect(adjuster.getByTestId('claim-shares').getByRole('row')).toHaveCount(3);

  // Reserve ¥50,000.00, typed in yuan.
  await adjuster.getByTestId('reserve-amount').fill('50000');
  await adjuster.getByTestId('reserve-reason').fill('按调解协议金额立足额准备金');
  await adjuster.getByTestId('reserve-submit').click();
  await expect(adjuster.getByTestId('reserve-history')).toContainText('¥50,000.00');
  await expect(summary.getByTestId('claim-outstanding')).toHaveText('¥50,000.00');

  // Approve: payable = the insurer's part of the agreement less the policy's ¥1,000.00 deductible.
  await adjuster.getByTestId('decision-note').fill('协议金额在保险责任范围内');
  await adjuster.getByTestId('decision-submit').click();
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.approved'));
  await expect(summary.getByTestId('claim-payable')).toHaveText('¥49,000.00');
  await expect(adjuster.getByTestId('claim-deadline-insurer_payment_after_agreement')).toBeVisible();

  // Pay the patient (the amount owed is filled in); the demo bank confirms the instruction.
  await expect(adjuster.getByTestId('payment-amount')).toHaveValue('49000.00');
  await fillBankAccount(adjuster);
  await adjuster.getByTestId('payment-submit').click();
  const payments = adjuster.getByTestId('payments-table');
  await expect(payments).toContainText('**** 4321');
  await expect(payments).not.toContainText('6222');
  await expect(payments).toContainText(zh('claims.payment.states.confirmed'), { timeout: 20_000 });
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));
  await expect(summary.getByTestId('claim-paid')).toHaveText('¥49,000.00');
  await expect(summary.getByTestId('claim-outstanding')).toHaveText('¥0.00');  // released when paid in full
  await expectNoRawText(adjuster);

  // The claims list shows it paid.
  await adjuster.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.claims') }).click();
  await expect(adjuster.getByRole('heading', { level: 1, name: zh('menu.claims') })).toBeVisible();
  const row = adjuster.getByTestId('claims-table').getByRole('row').filter({ hasText: `#${caseId}` });
  await expect(row.getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));
  await expect(row).toContainText('¥49,000.00');
  await adjuster.getByTestId('claims-state-filter').click();
  await adjuster.getByTitle(zh('claims.state.assessing'), { exact: true }).click();
  await expect(row).toHaveCount(0);  // filtered out: it is paid
  await adjuster.getByTestId('claims-state-filter').click();
  await adjuster.getByTitle(zh('claims.state.paid'), { exact: true }).click();
  await expect(row.getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));

  // 7. The patient, on the phone, sees the claim paid and the case closed.
  await patient.goto(caseUrl);
  await expect(patient.getByTestId('case-state')).toHaveText(zh('disputes.state.closed'));
  const claimPanel = patient.getByTestId('case-claim');
  await expect(claimPanel.getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));
  await expect(claimPanel.getByTestId('case-claim-approved')).toHaveText('¥49,000.00');
  await expect(claimPanel.getByTestId('case-claim-paid')).toHaveText('¥49,000.00');
  await expect(claimPanel.getByTestId('case-claim-deadline')).toBeVisible();
  await expect(claimPanel.getByTestId('case-claim-link')).toHaveCount(0);
  await expectNoRawText(patient);
  const scrollWidth = await patient.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(375);
  await patient.goto('/disputes/my-cases');
  // The demo patient has other claims too (demo data at every stage): this case's row says paid.
  const myRow = patient.getByTestId('my-claims-list').getByRole('listitem').filter({ hasText: `#${caseId}` });
  await expect(myRow.getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));

  // 8. The hospital's officer follows the case page's link and reads the claim, without the insurer's forms.
  await officer.goto(caseUrl);
  await officer.getByTestId('case-claim-link').click();
  await expect(officer.getByTestId('claim-summary').getByTestId('claim-state')).toHaveText(zh('claims.state.paid'));
  await expect(officer.getByTestId('payments-table')).toContainText(zh('claims.payment.states.confirmed'));
  await expect(officer.getByTestId('reserve-form')).toHaveCount(0);
  await expect(officer.getByTestId('payment-form')).toHaveCount(0);
  await expectNoRawText(officer);
});

/** The user id of a demo account (GET /me with its own token). */
async function userId(request: APIRequestContext, username: string): Promise<number> {
  const r = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  const { token } = (await r.json()) as { token: string };
  const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  return ((await me.json()) as { user: { id: number } }).user.id;
}

/** A claim the adjuster opens on the insurer's demo liability policy (there is no form for that yet), with
 * its materials confirmed complete and a reserve set on the workspace page. */
async function openAdjusterClaim(adjuster: Page, request: APIRequestContext, incidentDaysAgo: number, reserveYuan: string): Promise<number> {
  const policies = (await (await adjuster.request.get('/api/v1/policies?limit=100')).json()) as {
    items: Array<{ id: number; product_code: string }>;
  };
  const policy = policies.items.find((p) => p.product_code === 'institution_liability');
  expect(policy, 'a demo liability policy').toBeTruthy();
  const claim = (await post(adjuster, '/api/v1/claims', {
    policy_id: policy?.id, patient_user_id: await userId(request, 'patient'), incident_date: daysAgo(incidentDaysAgo), notice_date: daysAgo(1),
  })) as { id: number };
  await adjuster.goto(`/claims/${claim.id}`);
  const summary = adjuster.getByTestId('claim-summary');
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.open'));
  await adjuster.getByTestId('claim-materials-complete').click();
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.assessing'));
  await adjuster.getByTestId('reserve-amount').fill(reserveYuan);
  await adjuster.getByTestId('reserve-reason').fill('初步估损');
  await adjuster.getByTestId('reserve-submit').click();
  await expect(adjuster.getByTestId('reserve-history')).toContainText('初步估损');
  return claim.id;
}

test('double-clicking "pay" instructs one payment', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const adjuster = await signedIn(browser, 'adjuster');
  const claimId = await openAdjusterClaim(adjuster, request, 3, '3000');
  const summary = adjuster.getByTestId('claim-summary');
  await expect(summary.getByTestId('claim-outstanding')).toHaveText('¥3,000.00');

  // An advance payment (保险法 art. 25) of ¥1,200.00, the button clicked twice in a row.
  await expect(adjuster.getByTestId('payment-form')).toContainText(zh('claims.payment.kinds.advance'));  // before a decision
  await adjuster.getByTestId('payment-amount').fill('1200');
  await fillBankAccount(adjuster);
  const keys: string[] = [];
  adjuster.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/claims/${claimId}/payments`)) keys.push(r.headers()['idempotency-key'] ?? '');
  });
  await adjuster.getByTestId('payment-submit').dblclick();
  const rows = adjuster.getByTestId('payments-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('¥1,200.00');
  // the server holds one payment as well, and the page shows it confirmed once the bank answers
  await expect(rows.first()).toContainText(zh('claims.payment.states.confirmed'), { timeout: 20_000 });
  const stored = (await (await adjuster.request.get(`/api/v1/claims/${claimId}/payments`)).json()) as { items: unknown[] };
  expect(stored.items).toHaveLength(1);
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys).size, 'every request of this submission carries the same key').toBe(1);
  await adjuster.reload();
  await expect(adjuster.getByTestId('payments-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(summary.getByTestId('claim-paid')).toHaveText('¥1,200.00');
  await expect(summary.getByTestId('claim-outstanding')).toHaveText('¥1,800.00');
  await expectNoRawText(adjuster);
});

test('a decision above the adjuster\'s authority waits for the claims supervisor', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const supervisorSeeded = (await request.post('/api/v1/auth/login', { data: { username: 'adjuster2', password: DEMO_PASSWORD } })).ok();
  test.skip(!supervisorSeeded, 'the demo claims supervisor adjuster2 is not seeded by this server');
  const adjuster = await signedIn(browser, 'adjuster');
  const claimId = await openAdjusterClaim(adjuster, request, 4, '300000');
  // a loss of ¥300,000.00 less the ¥1,000.00 deductible is above the adjuster's ¥100,000.00
  await adjuster.getByTestId('decision-amount').fill('300000');
  await adjuster.getByTestId('decision-submit').click();
  const summary = adjuster.getByTestId('claim-summary');
  await expect(summary.getByTestId('claim-state')).toHaveText(zh('claims.state.awaiting_approval'));
  await expect(adjuster.getByTestId('awaiting-approval')).toHaveText(zh('claims.decision.awaiting_approval'));
  await expect(adjuster.getByTestId('approval-approve')).toHaveCount(0);  // not by the decider

  const supervisor = await signedIn(browser, 'adjuster2');
  await supervisor.goto(`/claims/${claimId}`);
  await supervisor.getByTestId('approval-approve').click();
  await expect(supervisor.getByTestId('claim-summary').getByTestId('claim-state')).toHaveText(zh('claims.state.approved'));
  await expect(supervisor.getByTestId('claim-summary').getByTestId('claim-payable')).toHaveText('¥299,000.00');
  await expectNoRawText(supervisor);
});

test('the actuary reads the loss ratio per product and underwriting year', async ({ page }) => {
  await login(page, 'actuary');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.claims') }).click();
  await page.getByTestId('portfolio-link').click();
  await expect(page.getByRole('heading', { level: 1, name: zh('claims.portfolio.title') })).toBeVisible();
  const liability = page.getByTestId('portfolio-table').getByRole('row').filter({ hasText: zh('insurance.products.institution_liability') });
  await expect(liability.first()).toBeVisible();
  await expect(liability.first().getByTestId('portfolio-loss-ratio')).toHaveText(/^(\d+\.\d{2}%|—)$/);
  await expect(page.getByRole('img', { name: zh('claims.portfolio.chart_title') }).or(page.getByText(zh('claims.portfolio.no_ratio')))).toBeVisible();
  await expectNoRawText(page);
});

test('a denial names its reasons and sends the refusal notice at once (保险法 art. 24)', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const adjuster = await signedIn(browser, 'adjuster');
  await openAdjusterClaim(adjuster, request, 6, '5000');
  await adjuster.getByTestId('decision-outcome-input').getByText(zh('claims.decision.outcomes.deny')).click();
  await expect(adjuster.getByTestId('decision-amount')).toHaveCount(0);
  await adjuster.getByTestId('decision-reasons').click();
  await adjuster.getByTitle(zh('claims.reason.excluded_cause'), { exact: true }).click();
  await adjuster.keyboard.press('Escape');
  await adjuster.getByTestId('decision-note').fill('属于保险条款责任免除（美容手术）');
  await adjuster.getByTestId('decision-submit').click();
  await expect(adjuster.getByTestId('claim-summary').getByTestId('claim-state')).toHaveText(zh('claims.state.denied'));
  await expect(adjuster.getByTestId('decision-outcome')).toHaveText(zh('claims.decision.outcomes.deny'));
  await expect(adjuster.getByTestId('claim-decision')).toContainText(zh('claims.reason.excluded_cause'));
  await expect(adjuster.getByTestId('claim-deadline-insurer_refusal_notice')).toContainText(zh('claims.workspace.met_on', { date: '' }).trim());
  await expect(adjuster.getByTestId('claim-timeline')).toContainText(zh('claims.event.refusal_notice'));
  await expect(adjuster.getByTestId('reserve-history')).toContainText(zh('claims.reserve.system_reason.denied'));
  await expect(adjuster.getByTestId('payment-form')).toHaveCount(0);
  await expectNoRawText(adjuster);
});

test('a payment the bank reports failed is retried and then confirmed', async ({ browser, request }) => {
  test.setTimeout(90_000);
  // The server's bank folder sits beside its key file in the test's data folder (playwright.config.ts).
  const bank = join(process.env.MEDRISK_E2E_DIR ?? '', 'bank');
  const adjuster = await signedIn(browser, 'adjuster');
  const claimId = await openAdjusterClaim(adjuster, request, 7, '2000');
  await adjuster.getByTestId('payment-amount').fill('800');
  await fillBankAccount(adjuster);
  await adjuster.getByTestId('payment-submit').click();
  const row = adjuster.getByTestId('payments-table').locator('tbody tr.ant-table-row');
  await expect(row).toHaveCount(1);
  const { items } = (await (await adjuster.request.get(`/api/v1/claims/${claimId}/payments`)).json()) as { items: Array<{ reference: string }> };
  const reference = items[0]?.reference ?? '';
  expect(reference).toMatch(/^PAY-\d+-1$/);
  // The bank answers "failed": take the instruction out of the demo bank's reach (outbox/done counts as
  // sent, so it is not re-sent) and drop the failure into the inbox.
  const file = `${reference}.json`;
  mkdirSync(join(bank, 'outbox', 'done'), { recursive: true });
  renameSync(join(bank, 'outbox', file), join(bank, 'outbox', 'done', file));
  writeFileSync(join(bank, 'inbox', file), JSON.stringify({ reference, status: 'failed', reason: '户名与账号不符（演示）' }));
  await expect(row).toContainText(zh('claims.payment.states.failed'), { timeout: 15_000 });
  await expect(row).toContainText('户名与账号不符');

  await row.getByRole('button', { name: zh('claims.payment.retry') }).click();
  await expect(row).toContainText(reference.replace(/-1$/, '-2'));
  await expect(row).toContainText(zh('claims.payment.states.confirmed'), { timeout: 20_000 });
  await expect(adjuster.getByTestId('claim-summary').getByTestId('claim-paid')).toHaveText('¥800.00');
  await expectNoRawText(adjuster);
});

test('"pay" pressed again after a lost response sends the same key and pays once', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const adjuster = await signedIn(browser, 'adjuster');
  const claimId = await openAdjusterClaim(adjuster, request, 8, '2000');
  const keys: string[] = [];
  // The first request reaches the server, but its answer never reaches the browser (a dropped connection).
  await adjuster.route(`**/api/v1/claims/${claimId}/payments`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (keys.length === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await adjuster.getByTestId('payment-amount').fill('500');
  await fillBankAccount(adjuster);
  await adjuster.getByTestId('payment-submit').click();
  await expect(adjuster.getByText(zh('errors.network_error'))).toBeVisible();
  await adjuster.getByTestId('payment-submit').click();
  await expect(adjuster.getByText(zh('claims.payment.instructed'))).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  const stored = (await (await adjuster.request.get(`/api/v1/claims/${claimId}/payments`)).json()) as { items: unknown[] };
  expect(stored.items).toHaveLength(1);
  await expect(adjuster.getByTestId('payments-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
});
