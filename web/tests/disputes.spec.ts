// Complaints and dispute cases in the browser against the real server: a patient files a complaint on a
// 375 px phone screen, the officer turns it into a case, the mediator accepts it and the insurer's
// adjuster sees it ("1+1"), and the patient follows the timeline and sees the missing materials.
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

async function signedIn(browser: Browser, username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

function daysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test('a complaint filed on a phone becomes a case that mediator, adjuster and patient follow', async ({ browser }) => {
  test.setTimeout(120_000);  // four people sign in and act in turn
  const patient = await signedIn(browser, 'patient', 375);
  await patient.goto('/disputes/my-cases');
  await patient.getByTestId('new-complaint').click();
  await expect(patient.getByRole('heading', { level: 1, name: zh('disputes.complaint.title') })).toBeVisible();
  await patient.getByTestId('complaint-institution').click();
  await patient.getByTitle('明湖市第一人民医院', { exact: true }).click();
  await patient.getByTestId('complaint-category').click();
  await patient.getByTitle(zh('disputes.category.diagnosis_treatment'), { exact: true }).click();
  await patient.getByTestId('complaint-department').fill('骨科');
  await patient.getByTestId('complaint-date').click();
  await patient.getByTestId('complaint-date').fill(daysAgo(5));
  await patient.keyboard.press('Enter');
  await patient.getByTestId('complaint-narrative').fill('右踝骨折术后切口反复渗液，复诊未作处理。');
  const scrollWidth = await patient.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(375);
  await patient.getByTestId('complaint-submit').click();
  await expect(patient).toHaveURL(/\/disputes\/my-cases$/);
  await expect(patient.getByTestId('my-complaints-list')).toContainText(zh('disputes.complaint_state.open'));

  const officer = await signedIn(browser, 'officer');
  await officer.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.cases') }).click();
  const escalate = officer.getByTestId('complaints-table').getByRole('button', { name: zh('disputes.complaint.escalate') }).first();
  await escalate.click();
  await expect(officer.getByTestId('complaints-table')).toContainText(zh('disputes.complaint_state.escalated'));

  const mediator = await signedIn(browser, 'mediator');
  await mediator.goto('/disputes/cases');
  const filed = mediator.getByTestId('cases-table').getByRole('row').filter({ hasText: '骨科' }).filter({ hasText: zh('disputes.state.filed') });
  await filed.first().getByRole('link').click();
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.filed'));
  const caseUrl = mediator.url();
  await mediator.getByTestId('case-action').click();
  await mediator.getByTitle(zh('disputes.action.accept'), { exact: true }).click();
  await mediator.getByTestId('case-action-submit').click();
  await expect(mediator.getByTestId('case-state')).toHaveText(zh('disputes.state.accepted'));
  await expect(mediator.getByTestId('case-deadlines')).toContainText(zh('disputes.deadline.people_mediation_completion'));

  const adjuster = await signedIn(browser, 'adjuster');
  await adjuster.goto(caseUrl);
  await expect(adjuster.getByTestId('case-state')).toHaveText(zh('disputes.state.accepted'));
  await expect(adjuster.getByText(zh('disputes.case.withheld'))).toBeVisible();

  await patient.goto(caseUrl);
  await expect(patient.getByTestId('case-timeline')).toContainText(zh('disputes.event.file'));
  await expect(patient.getByTestId('case-timeline')).toContainText(zh('disputes.event.accept'));
  await expect(patient.getByTestId('case-missing')).toContainText('索赔申请书');
  await expectNoRawText(patient);

  // The patient uploads the demand letter and lets the mediator read the narrative.
  await patient.getByTestId('case-missing').locator('input[type=file]').first().setInputFiles({
    name: 'letter.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% invented test letter\n'),
  });
  await expect(patient.getByTestId('case-missing')).toContainText(zh('disputes.material_status.uploaded'));
  await expect(mediator.getByText('右踝骨折术后切口反复渗液')).toHaveCount(0);
  await patient.getByTestId('consent-mediator').click();
  await expect(patient.getByTestId('consent-mediator')).toBeChecked();
  await mediator.reload();
  await expect(mediator.getByText('右踝骨折术后切口反复渗液，复诊未作处理。')).toBeVisible();
});
