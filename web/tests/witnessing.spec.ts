// Consent-talk witnessing in the browser against the real server: the surgeon records the talk on a
// tablet (768 px), the patient acknowledges each risk one by one and signs on a phone (375 px), the
// record seals and refuses a later change (409), and the public certificate page verifies the ledger
// proof in the browser — and shows the failure when the proof is tampered with. The patient also buys
// the surgical accident cover in the same flow.
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

async function signedIn(browser: Browser, username: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

function daysAhead(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

async function noHorizontalScroll(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

test('surgeon on a tablet and patient on a phone witness a talk that seals and verifies publicly', async ({ browser }) => {
  test.setTimeout(120_000);
  // The surgeon, on a tablet.
  const surgeon = await signedIn(browser, 'doctor', 768, 1024);
  await surgeon.goto('/witnessing/records');
  await expect(surgeon.getByRole('heading', { level: 1, name: zh('menu.witness_records') })).toBeVisible();
  await surgeon.getByTestId('witness-new').click();
  await surgeon.getByTestId('witness-procedure').click();
  await surgeon.getByTitle('腹腔镜阑尾切除术 (47.01)', { exact: true }).click();
  await surgeon.getByTestId('witness-procedure-date').fill(daysAhead(3));
  await surgeon.getByTestId('witness-patient-name').fill('郑晓禾');
  await surgeon.getByTestId('witness-patient-phone').fill('17012340001');
  await noHorizontalScroll(surgeon, 768);
  await surgeon.getByTestId('witness-create').click();
  await expect(surgeon).toHaveURL(/\/witnessing\/records\/\d+$/);
  const id = Number(/(\d+)$/.exec(surgeon.url())?.[1]);
  await expect(surgeon.getByTestId('witness-stage')).toHaveText(zh('witnessing.stages.draft'));
  await expect(surgeon.getByTestId('witness-alternatives')).toContainText('开腹阑尾切除术');
  await surgeon.getByTestId('witness-question').fill('术后多久可以上班？');
  await surgeon.getByTestId('witness-answer').fill('一般休息1至2周。');
  await surgeon.getByTestId('witness-add-question').click();
  await surgeon.getByTestId('witness-save').click();
  await expect(surgeon.getByTestId('witness-questions')).toContainText('术后多久可以上班？');
  await surgeon.locator('input[type=file]').setInputFiles({
    name: 'consent-form.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
  });
  await expect(surgeon.getByTestId('witness-attachments')).toContainText('consent-form.jpg');
  await surgeon.getByTestId('witness-signature-input').fill('吴思齐');
  await surgeon.getByTestId('witness-sign').click();
  await expect(surgeon.getByTestId('witness-stage')).toHaveText(zh('witnessing.stages.awaiting_patient'));
  await noHorizontalScroll(surgeon, 768);
  await expectNoRawText(surgeon);

  // The patient, on a phone: every risk acknowledged one by one, then the signature.
  const patient = await signedIn(browser, 'patient', 375, 812);
  await patient.goto('/witnessing/mine');
  await patient.getByTestId(`witness-item-${id}`).getByRole('link').click();
  await expect(patient.getByTestId('witness-sign')).toHaveCount(0);
  await expect(patient.locator('button[data-testid^="witness-ack-"]').first()).toBeVisible();  // loaded
  const risks = await patient.locator('[data-testid^="witness-ack-"]:not([data-testid="witness-ack-progress"])').count();
  expect(risks).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < risks; i++) {
    const next = patient.locator('button[data-testid^="witness-ack-"]:not([disabled])');
    await expect(next).toHaveCount(1);  // one at a time
    await next.click();
    await expect(patient.getByTestId('witness-ack-progress')).toHaveText(zh('witnessing.risks.progress', { done: i + 1, total: risks }));
  }
  await noHorizontalScroll(patient, 375);
  // The surgical accident cover, bought in the same flow before the procedure date.
  await patient.getByTestId('witness-buy-cover').click();
  await expect(patient.getByTestId('witness-cover')).toContainText(zh('witnessing.cover.policy_number'));
  await patient.getByTestId('witness-signature-input').fill('郑晓禾');
  await patient.getByTestId('witness-sign').click();
  await expect(patient.getByTestId('witness-stage')).toHaveText(zh('witnessing.stages.sealed'));
  await expect(patient.getByTestId('witness-sealed')).toBeVisible();
  await expectNoRawText(patient);

  // The certificate, and a later change: refused.
  const pdf = await patient.request.get(`/api/v1/witness-records/${id}/certificate.pdf`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const change = await surgeon.request.put(`/api/v1/witness-records/${id}`, { data: { questions: [], alternatives: [] } });
  expect(change.status()).toBe(409);
  expect(((await change.json()) as { code: string }).code).toBe('witness_record_sealed');

  // The public page, opened from the record (no sign-in needed).
  const publicPath = await patient.getByTestId('witness-public-link').getAttribute('href');
  expect(publicPath).toMatch(/^\/verify\/witness\//);
  const anonymous = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
  await anonymous.goto(publicPath!);
  const result = anonymous.getByTestId('witness-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(zh('witnessing.verify.verified'));
  await expect(result).toContainText('Verified');
  const page = await anonymous.locator('body').innerText();
  expect(page).toContain('郑**');
  expect(page).not.toContain('郑晓禾');
  expect(page).not.toContain('17012340001');

  // The same page with one byte of the proof flipped: the browser's check fails.
  const tampered = await (await browser.newContext()).newPage();
  await tampered.route('**/api/v1/witness-verifications/**', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { proof: { audit_path: string[]; tree_head: { root_hash: string } } | null };
    if (body.proof) {
      const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
      const first = body.proof.audit_path[0];
      if (first !== undefined) body.proof.audit_path[0] = flip(first);
      else body.proof.tree_head.root_hash = flip(body.proof.tree_head.root_hash);
    }
    await route.fulfill({ response, json: body });
  });
  await tampered.goto(publicPath!);
  await expect(tampered.getByTestId('witness-verify-result')).toHaveAttribute('data-ok', 'false');
  await expect(tampered.getByTestId('witness-verify-result')).toContainText(zh('witnessing.verify.failed'));
});
