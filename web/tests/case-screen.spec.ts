// The case screen's appraisal and compensation sections on demo case 1 (the tibial fracture of the demo
// panel): parties see the panel, its members and the consensus but not the opinions; the saved calculation
// shows its itemized lines; a patient sees neither section.
import { expect, test } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

const CASE_URL = '/disputes/cases/1';

// (the adjuster reads a case only once it is linked to the insurer's policy; demo case 1 is not)
for (const user of ['officer', 'mediator']) {
  test(`${user} sees the panel, its consensus and the saved calculation of case 1`, async ({ page }) => {
    await login(page, user);
    await expect(page.getByTestId('home-page')).toBeVisible();
    await page.goto(CASE_URL);
    const appraisal = page.getByTestId('case-appraisal');
    await expect(appraisal).toBeVisible();
    await expect(appraisal.getByTestId('panel-members').locator('.ant-tag')).toHaveCount(3);
    await expect(appraisal.getByTestId('panel-state')).toHaveText(zh('appraisal.study.consensus'));
    // votes main, main, equal: the median class is "main cause"
    await expect(appraisal.getByTestId('consensus-median-causation_degree')).toHaveText(zh('appraisal.degree.main'));
    await expect(appraisal.getByTestId('opinions-hidden')).toHaveText(zh('disputes.screen.opinions_hidden'));

    const compensation = page.getByTestId('case-compensation');
    await expect(compensation).toContainText('鉴定意见后初算（主要原因）');
    const lines = compensation.getByTestId('result-lines');
    await expect(lines).toContainText(zh('compensation.items.medical_costs'));
    await expect(lines).toContainText('¥68,420.00');
    await expectNoRawText(page);
  });
}

test('a patient sees the case without the appraisal and compensation sections', async ({ page }) => {
  await login(page, 'patient');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto(CASE_URL);
  await expect(page.getByTestId('case-timeline')).toBeVisible();
  await expect(page.getByTestId('case-appraisal')).toHaveCount(0);
  await expect(page.getByTestId('case-compensation')).toHaveCount(0);
  await expectNoRawText(page);
});

test('a mediator returns an uploaded material with a reason, then accepts the new upload', async ({ browser }) => {
  test.setTimeout(120_000);
  const open = async (username: string) => {
    const page = await (await browser.newContext()).newPage();
    await login(page, username);
    await expect(page.getByTestId('home-page')).toBeVisible();
    return page;
  };
  const mediator = await open('mediator');
  await mediator.goto('/disputes/cases');
  // the demo case in mediation (产科), for which the patient consented to the mediator
  await mediator.getByTestId('cases-table').getByRole('row').filter({ hasText: '产科' }).first().getByRole('link').click();
  await expect(mediator.getByTestId('case-state')).toBeVisible();
  const caseUrl = new URL(mediator.url()).pathname;

  const patient = await open('patient');
  const upload = async () => {
    await patient.goto(caseUrl);
    await patient.getByTestId('case-missing').locator('input[type=file]').first().setInputFiles({
      name: 'record.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% invented test record\n'),
    });
    await expect(patient.getByTestId('case-missing').getByText(zh('disputes.material_status.uploaded'))).toHaveCount(1);
  };
  await upload();

  await mediator.reload();
  await mediator.getByTestId('case-missing').locator('[data-testid^="reject-"]').first().click();
  await mediator.getByTestId('reject-reason').fill('病历复印件缺少第3页，请补齐后重新上传。');
  await mediator.getByRole('dialog').locator('.ant-btn-dangerous').click();  // antd spaces two-character labels
  await expect(mediator.getByTestId('case-missing')).toContainText(zh('disputes.material_status.rejected'));
  await expect(mediator.getByTestId('case-missing')).toContainText('缺少第3页');

  await upload();
  await mediator.reload();
  const accepted = mediator.getByTestId('case-missing').locator('[data-testid^="accept-"]');
  await expect(accepted).toHaveCount(1);
  await accepted.click();
  await expect(mediator.getByText(zh('disputes.screen.accepted'))).toBeVisible();
  await expect(mediator.getByTestId('case-missing').locator('[data-testid^="accept-"]')).toHaveCount(0);
  await expectNoRawText(mediator);
});

test('a mediator reads the demo mediation session with its offers in CNY', async ({ page }) => {
  await login(page, 'mediator');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto('/disputes/cases');
  await page.getByTestId('cases-table').getByRole('row').filter({ hasText: '产科' }).first().getByRole('link').click();
  const mediation = page.getByTestId('case-mediation');
  await expect(mediation).toBeVisible();
  await expect(mediation).toContainText('第二调解室');
  await expect(mediation).toContainText(zh('disputes.screen.outcome.continued'));
  await expect(mediation.getByTestId('mediation-offer')).toHaveText([
    `${zh('disputes.screen.party.patient_side')}: ¥25,000.00 (首次主张)`,
    `${zh('disputes.screen.party.provider')}: ¥12,000.00 (医方还价)`,
    `${zh('disputes.screen.party.patient_side')}: ¥18,000.00 (患方让步)`,
  ]);
  await expectNoRawText(page);
});
