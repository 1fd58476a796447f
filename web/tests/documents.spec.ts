// Documents people sign and file (issue 16): the patient downloads the mediation agreement of the demo's
// signed case from the case page and pdftotext finds the parties, the amount in figures and in Chinese
// capitals and both signatures; the adjuster exports the claims list to Excel with the list's rows and
// downloads the refusal notice of the demo's denied claim; the underwriter exports the policies list.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { login } from './support';

interface CasePage { items: { id: number; state: string; agreement_fen: number | null }[]; next_cursor: string | null }
interface ClaimPage { items: { id: number; claim_number: string; decision: { reason_codes: string[] } | null }[] }
interface PolicyPage { items: { policy_number: string }[] }

test('the patient downloads the signed agreement of the demo case as a PDF with both signatures', async ({ page }) => {
  await login(page, 'patient');
  await expect(page.getByTestId('home-page')).toBeVisible();
  // The demo's own case that went through mediation to a signed agreement and was paid and closed: the
  // oldest closed one with an agreement, since other specs sign agreements (on demo cases too) and close
  // cases of their own for the same patient.
  let signedId: number | undefined;
  let cursor: string | null = '';
  while (cursor !== null) {
    const url: string = `/api/v1/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const cases = (await (await page.request.get(url)).json()) as CasePage;
    for (const c of cases.items) if (c.state === 'closed' && c.agreement_fen != null && (signedId === undefined || c.id < signedId)) signedId = c.id;
    cursor = cases.next_cursor;
  }
  expect(signedId, 'the demo has a case with a signed agreement').toBeDefined();
  await page.goto(`/disputes/cases/${signedId}`);
  const button = page.getByTestId('agreement-pdf');
  await expect(button).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^mediation-agreement-\d+-v\d+\.pdf$/);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const part of ['医疗纠纷人民调解协议书', '患者郑晓禾', '明湖市第一人民医院', '36,000.00', '叁万陆仟元整', '郑晓禾', '周明远'])
    expect(text, part).toContain(part);
  expect(text).not.toContain('草稿');
  expect(text.indexOf('周明远', text.indexOf('医方（签名或者盖章）'))).toBeGreaterThan(0);
});

test('the adjuster exports the claims list to Excel', async ({ page }) => {
  await login(page, 'adjuster');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto('/claims');
  const button = page.getByTestId('claims-export');
  await expect(button).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('claims.xlsx');
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const list = (await (await page.request.get('/api/v1/claims?limit=200')).json()) as ClaimPage;
  expect((sheet.match(/<row /g) ?? []).length).toBe(list.items.length + 1);
  for (const c of list.items) expect(sheet).toContain(c.claim_number);
  expect(sheet).toContain('理赔编号');
});

test('the adjuster downloads the refusal notice of the denied claim with its reason and the recourse', async ({ page }) => {
  await login(page, 'adjuster');
  await expect(page.getByTestId('home-page')).toBeVisible();
  // The demo's own denial (excluded cause): the oldest denied claim with that reason, whatever other specs did.
  const denied = (await (await page.request.get('/api/v1/claims?state=denied&limit=200')).json()) as ClaimPage;
  const claim = denied.items
    .filter((c) => c.decision?.reason_codes.includes('excluded_cause'))
    .sort((a, b) => a.id - b.id)[0];
  expect(claim, 'the demo has a denied claim').toBeDefined();
  if (!claim) return;
  await page.goto(`/claims/${claim.id}`);
  const button = page.getByTestId('claim-refusal-notice-pdf');
  await expect(button).toBeVisible();
  await expect(page.getByTestId('claim-settlement-notice-pdf')).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^claim-refusal-notice-\d+-v\d+\.pdf$/);
  const file = await download.path();
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const part of ['拒绝赔偿通知书', claim.claim_number, '属于责任免除情形', '第二十四条', '提起诉讼'])
    expect(text, part).toContain(part);
});

test('the underwriter exports the policies list to Excel', async ({ page }) => {
  await login(page, 'underwriter');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto('/insurance/policies');
  const button = page.getByTestId('policies-export');
  await expect(button).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('policies.xlsx');
  const file = await download.path();
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const list = (await (await page.request.get('/api/v1/policies?limit=200')).json()) as PolicyPage;
  expect((sheet.match(/<row /g) ?? []).length).toBe(list.items.length + 1);
  for (const p of list.items) expect(sheet).toContain(p.policy_number);
  expect(sheet).toContain('保单号');
});
