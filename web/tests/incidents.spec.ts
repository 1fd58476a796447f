// Incident reporting (医疗质量安全事件报告, issue 14) in the browser against the real server: a clinician
// reports anonymously and keeps the reply token shown once; the medical officer answers in the thread;
// the reporter, signed out, reads the answer with the token and replies; the officer sees the reply.
// Then a named report goes the whole way: review, root-cause analysis (fishbone), a corrective action
// with its owner, the report to the health authority, and closing once every action is done.
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

// Seven builds share this machine's two cores: a full page load can take several seconds.
const expect = baseExpect.configure({ timeout: 20_000 });
test.use({ actionTimeout: 30_000, navigationTimeout: 60_000 });

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTitle(option, { exact: true }).click();
}

async function fillReport(page: Page, department: string, cls: 'general' | 'major'): Promise<void> {
  await page.goto('/incidents/new');
  await pick(page, 'incident-category', '用药');
  if (cls !== 'general') await pick(page, 'incident-class', zh(`incidents.class.${cls}`));  // general is the default
  await pick(page, 'incident-harm', '中度伤害');
  await page.getByTestId('incident-department').fill(department);
  await page.getByTestId('incident-place').fill('心内科病区 12 床');
  await page.getByTestId('incident-description').fill('两位患者的抗凝药混淆，双人核对时发现（虚构）');
}

test('anonymous report: the token opens a two-way thread with the medical office', async ({ browser }) => {
  test.setTimeout(300_000);
  const doctor = await signedIn(browser, 'doctor');
  await doctor.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.incidents') }).click();
  await doctor.getByTestId('incident-report-button').click();
  await fillReport(doctor, `心内科${Date.now() % 100_000}`, 'general');
  await doctor.getByTestId('incident-anonymous').click();
  await doctor.getByTestId('incident-submit').click();
  await expect(doctor.getByText(zh('incidents.token_title'))).toBeVisible();
  const token = (await doctor.getByTestId('incident-reply-token').innerText()).trim();
  expect(token.length).toBeGreaterThan(30);
  const number = (await doctor.getByText(/^INC-\d{4}-\d{6}$/).innerText()).trim();
  await expectNoRawText(doctor);

  // The officer finds it (newest first), sees no reporter, and asks a question.
  const officer = await signedIn(browser, 'officer');
  await officer.goto('/incidents');
  await officer.getByRole('link', { name: number, exact: true }).click();
  await expect(officer.getByTestId('incident-anonymous-tag')).toBeVisible();
  await expect(officer.getByText(token)).toHaveCount(0);
  await officer.getByTestId('incident-message-input').fill('请补充当班人员情况');
  await officer.getByTestId('incident-message-send').click();
  await expect(officer.getByTestId('incident-message-reviewer')).toContainText('请补充当班人员情况');

  // The reporter, with no session at all, opens the report with the token and replies.
  const anonymousContext = await browser.newContext();
  const reporter = await anonymousContext.newPage();
  await reporter.goto('/incidents-check');
  await reporter.getByTestId('incident-check-token').fill(token);
  await reporter.getByTestId('incident-check-open').click();
  await expect(reporter.getByTestId('incident-check-state')).toHaveText(zh('incidents.state.reported'));
  await expect(reporter.getByTestId('incident-message-reviewer')).toContainText('请补充当班人员情况');
  await reporter.getByTestId('incident-check-message').fill('当班两人，其中一人为轮转护士');
  await reporter.getByTestId('incident-check-send').click();
  await expect(reporter.getByTestId('incident-message-reporter')).toContainText('当班两人');
  await expectNoRawText(reporter);
  // A wrong token is refused in words, not raw JSON.
  await reporter.getByTestId('incident-check-token').fill(`x${token}`);
  await reporter.getByTestId('incident-check-open').click();
  await expect(reporter.getByText(zh('errors.incident_reply_token_invalid'))).toBeVisible();

  await officer.reload();
  await expect(officer.getByTestId('incident-message-reporter')).toContainText('当班两人，其中一人为轮转护士');
});

test('a named report runs through review, RCA and actions to closing', async ({ browser }) => {
  test.setTimeout(300_000);
  const officer = await signedIn(browser, 'officer');
  await fillReport(officer, `心内科${Date.now() % 100_000}`, 'major');
  await expect(officer.getByText(zh('incidents.deadline_rule', { value: 12, unit: zh('incidents.unit.hours') }))).toBeVisible();
  await officer.getByTestId('incident-submit').click();
  await expect(officer.getByTestId('incident-state')).toHaveText(zh('incidents.state.reported'));

  await officer.getByTestId('incident-move-start_review').click();
  await expect(officer.getByTestId('incident-state')).toHaveText(zh('incidents.state.under_review'));
  await officer.getByTestId('incident-authority-name').fill('明湖市卫生健康委员会');
  await officer.getByTestId('incident-authority-reference').fill('MH-2026-001');
  await officer.getByTestId('incident-authority-submit').click();
  await expect(officer.getByTestId('incident-authority-status')).toHaveText(zh('incidents.authority.in_time'));

  await officer.getByTestId('incident-move-start_rca').click();
  await expect(officer.getByTestId('incident-state')).toHaveText(zh('incidents.state.root_cause_analysis'));
  // Planning actions before the analysis is refused.
  await officer.getByTestId('incident-move-plan_actions').click();
  await expect(officer.getByText(zh('errors.incident_rca_required'))).toBeVisible();
  await officer.getByTestId('incident-rca-people').fill('轮转人员培训不足\n夜班人手紧张');
  await officer.getByTestId('incident-rca-management').fill('质控检查频次不足');
  await officer.getByTestId('incident-rca-root-cause').fill('核对流程缺少强制环节');
  await officer.getByTestId('incident-rca-save').click();
  await expect(officer.getByText(zh('incidents.rca.saved'))).toBeVisible();

  await officer.getByTestId('incident-move-plan_actions').click();
  await expect(officer.getByTestId('incident-state')).toHaveText(zh('incidents.state.actions'));
  await expect(officer.getByTestId('incident-root-cause')).toHaveText('核对流程缺少强制环节');
  await officer.getByTestId('incident-action-description').fill('修订高警示药品双人核对制度');
  await pick(officer, 'incident-action-owner', '医务科 周明远');
  await officer.getByPlaceholder(zh('incidents.actions.due_on')).fill('2027-01-31');
  // Enter takes the typed date and submits the form (like the add button).
  await officer.getByPlaceholder(zh('incidents.actions.due_on')).press('Enter');
  await expect(officer.getByRole('cell', { name: '修订高警示药品双人核对制度' })).toHaveCount(1);
  await expect(officer.getByRole('cell', { name: '2027-01-31' })).toHaveCount(1);

  // Closing with an open action is refused; once it is done the incident closes.
  await officer.getByTestId('incident-move-close').click();
  await expect(officer.getByText(zh('errors.incident_actions_not_done'))).toBeVisible();
  await officer.locator('[data-testid^="incident-action-toggle-"]').first().click();
  await expect(officer.locator('[data-testid^="incident-action-status-"]').first()).toHaveText(zh('incidents.actions.done'));
  await officer.getByTestId('incident-move-close').click();
  await expect(officer.getByTestId('incident-state')).toHaveText(zh('incidents.state.closed'));
  await expectNoRawText(officer);

  // The list's filters find it among the closed major incidents.
  await officer.goto('/incidents');
  await pick(officer, 'incidents-state-filter', zh('incidents.state.closed'));
  await pick(officer, 'incidents-class-filter', zh('incidents.class.major'));
  await expect(officer.getByTestId('incidents-table').locator('tbody tr').first()).toContainText(zh('incidents.state.closed'));
});
