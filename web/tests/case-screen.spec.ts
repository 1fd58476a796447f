// The case screen's appraisal and compensation sections on demo case 1 (the tibial fracture of the demo
// panel): parties see the panel, its members and the consensus but not the opinions; the saved calculation
// shows its itemized lines; a patient sees neither section. On the demo case in mediation (产科) the
// mediator records a session and drafts the agreement, both parties sign it through the forms, and the
// assigned legal-aid lawyer reads the "1+3" documents; the officer records the death case's report.
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
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
  await expect(mediation.getByTestId('mediation-session').first().getByTestId('mediation-offer')).toHaveText([
    `${zh('disputes.screen.party.patient_side')}: ¥25,000.00 (首次主张)`,
    `${zh('disputes.screen.party.provider')}: ¥12,000.00 (医方还价)`,
    `${zh('disputes.screen.party.patient_side')}: ¥18,000.00 (患方让步)`,
  ]);
  await expectNoRawText(page);
});

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

async function openCase(page: Page, department: string): Promise<string> {
  await page.goto('/disputes/cases');
  await page.getByTestId('cases-table').getByRole('row').filter({ hasText: department }).first().getByRole('link').click();
  await expect(page.getByTestId('case-state')).toBeVisible();
  return new URL(page.url()).pathname;
}

test('the mediator records a session and drafts the agreement, patient and officer sign it', async ({ browser }) => {
  test.setTimeout(120_000);  // three people act in turn
  const mediator = await signedIn(browser, 'mediator');
  const caseUrl = await openCase(mediator, '产科');
  const mediation = mediator.getByTestId('case-mediation');
  await mediation.getByText(zh('disputes.mediation_form.new_session'), { exact: true }).click();
  await mediator.getByTestId('session-place').fill('明湖市医疗纠纷人民调解委员会 第三调解室');
  const attendees = mediator.getByTestId('session-attendees').locator('input');
  await attendees.fill('患方 郑晓禾');
  await attendees.press('Enter');
  await attendees.fill('医方 周明远');
  await attendees.press('Enter');
  await mediator.getByTestId('session-minutes').fill('医方同意在还价基础上提高赔偿。');
  await mediator.getByTestId('add-offer').click();
  await mediator.getByTestId('offer-amount').fill('16,000.50');
  await mediator.getByTestId('offer-note').fill('患方再次让步');
  await mediator.getByTestId('session-submit').click();
  const second = mediation.getByTestId('mediation-session').nth(1);
  await expect(second).toContainText('第三调解室');
  await expect(second.getByTestId('mediation-offer')).toHaveText(`${zh('disputes.screen.party.patient_side')}: ¥16,000.50 (患方再次让步)`);

  await mediation.getByText(zh('disputes.mediation_form.draft_agreement'), { exact: true }).click();
  await mediator.getByTestId('agreement-amount').fill('16000.50');
  await mediator.getByTestId('payer-amount').fill('16000.5');
  await expect(mediator.getByTestId('payers-sum')).toContainText('¥16,000.50');
  await mediator.getByTestId('agreement-submit').click();
  const agreement = mediation.getByTestId('mediation-agreement');
  await expect(agreement).toContainText('¥16,000.50');
  await expect(agreement).toContainText(zh('disputes.screen.payer.insurer'));
  await expect(agreement.getByTestId('patient-signature')).toHaveText(zh('disputes.screen.unsigned'));

  const signers = [
    { user: 'patient', name: '郑晓禾', testId: 'patient-signature' },
    { user: 'officer', name: '周明远', testId: 'provider-signature' },
  ];
  for (const { user, name, testId } of signers) {
    const page = await signedIn(browser, user);
    await page.goto(caseUrl);
    await page.getByTestId('signature-text').fill(name);
    await page.getByTestId('signature-submit').click();
    await expect(page.getByTestId(testId)).toContainText(name);
    await expect(page.getByTestId('signature-form')).toHaveCount(0);
    await expectNoRawText(page);
    await page.context().close();
  }

  await mediator.reload();
  await expect(mediation.getByTestId('provider-signature')).toContainText('周明远');
  const timeline = mediator.getByTestId('case-timeline');
  await expect(timeline.getByTestId('timeline-mediation_session')).toHaveCount(2);
  await expect(timeline.getByTestId('timeline-agreement_drafted')).toHaveCount(1);
  await expect(timeline.getByTestId('timeline-agreement_signed')).toHaveCount(2);
  await mediator.getByTestId('case-action').click();
  await mediator.getByTitle(zh('disputes.action.reach_agreement'), { exact: true }).click();
  await mediator.getByTestId('case-action-submit').click();
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.agreement'));
  await expectNoRawText(mediator);
});

test('the patient asks for legal aid; the assigned lawyer logs a consultation and reads the 1+3 documents', async ({ browser }) => {
  test.setTimeout(90_000);
  const mediator = await signedIn(browser, 'mediator');  // the patient's page lists no departments: find the case here
  const url = await openCase(mediator, '产科');
  await mediator.context().close();

  const patient = await signedIn(browser, 'patient');
  await patient.goto(url);
  const aid = patient.getByTestId('case-legal-aid');
  await expect(aid.getByTestId('legal-aid-status')).toHaveText(zh('disputes.legal_aid.not_requested'));
  await patient.getByTestId('legal-aid-note').fill('希望律师协助审阅调解协议。');
  await patient.getByTestId('legal-aid-request').click();
  await expect(aid.getByTestId('legal-aid-status')).toHaveText(zh('disputes.legal_aid.assigned'));
  await expect(patient.getByTestId('case-timeline').getByTestId('timeline-legal_aid_requested')).toHaveCount(1);

  const lawyer = await signedIn(browser, 'lawyer');
  await lawyer.goto(url);
  await lawyer.getByTestId('consultation-summary').fill('解释调解协议的效力及司法确认程序。');
  await lawyer.getByTestId('consultation-submit').click();
  await expect(lawyer.getByTestId('consultation-log')).toContainText('司法确认程序');
  for (const id of ['complaint_letter', 'mediation_application', 'statement_of_claim']) {
    await lawyer.getByTestId(`document-${id}`).click();
    const body = lawyer.getByTestId('document-body');
    await expect(body).toContainText(zh(`disputes.legal_aid.template.${id}`));
    await expect(body).toContainText('明湖市第一人民医院');
    await expect(body).not.toContainText('{{');
    if (id === 'mediation_application') {
      const download = lawyer.waitForEvent('download');
      await lawyer.getByTestId('document-download').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/调解申请书-\d+\.md$/);
      expect(readFileSync(await file.path(), 'utf8')).toContain('明湖市第一人民医院');
    }
    await lawyer.getByTestId('document-close').click();
    await expect(body).toBeHidden();
  }
  await expectNoRawText(lawyer);
});

test('the officer records the report of the death case to the health authority', async ({ browser }) => {
  const officer = await signedIn(browser, 'officer');
  await openCase(officer, '心内科');
  await expect(officer.getByTestId('case-deadlines')).toContainText(zh('disputes.deadline.health_authority_report'));
  await officer.getByTestId('health-report-authority').fill('明湖市卫生健康委员会');
  await officer.getByTestId('health-report-reference').fill('MH-2026-0042');
  await officer.getByTestId('health-report-submit').click();
  await expect(officer.getByTestId('case-timeline').getByTestId('timeline-report_to_health_authority')).toHaveCount(1);
  await expect(officer.getByTestId('case-health-report')).toHaveCount(0);
  await expect(officer.getByTestId('case-deadlines')).not.toContainText(zh('disputes.deadline.health_authority_report'));
  await expectNoRawText(officer);
});
