// Patient evaluations (医疗评价, issue 15 part 3) in the browser against the real server (`serve --demo`,
// with a year of demo evaluations): the patient rates a visit on a phone, the comment's phone number is
// masked before the hospital reads it and the low rating lands on the medical affairs office's outreach
// list; the hospital's charts and tables, the regulator's comparison with a suppressed small cell, and
// the moderator publishing a held comment.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { en, expectNoRawText, login, zh } from './support';

async function signedIn(browser: Browser, username: string, width = 1280, language?: 'en-US'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  if (language) {
    await page.getByTestId('language-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
  }
  return page;
}

/** Clicks the n-th star (1-based) of the form row labelled `label`. */
async function stars(page: Page, label: string, n: number): Promise<void> {
  await page.locator('.ant-form-item').filter({ hasText: label }).locator('li.ant-rate-star').nth(n - 1).click();
}

const PHONE = /1[3-9]\d{9}/;
const ID18 = /\d{17}[\dXx]/;

test('a patient rates a visit on a phone; the hospital sees it masked, with an outreach task', async ({ browser }) => {
  test.setTimeout(120_000);
  const patient = await signedIn(browser, 'patient', 375);
  await patient.goto('/reviews/mine');
  await expect(patient.getByRole('heading', { level: 1, name: zh('menu.my_reviews') })).toBeVisible();
  const pending = patient.getByTestId('reviews-pending').locator('.ant-list-item').filter({ hasText: 'MH1-MZ-0001' });
  await expect(pending).toBeVisible();
  await pending.getByRole('button', { name: zh('reviews.mine.rate') }).click();

  await expect(patient.getByRole('heading', { level: 1, name: zh('reviews.form.title') })).toBeVisible();
  await stars(patient, '总体评价', 2);
  for (const label of ['医患沟通', '风险告知', '候诊等待', '诊疗结果']) await stars(patient, label, 2);
  await patient.getByTestId('review-comment').fill('骨科复查等了很久，医生没解释片子。请回电 13900001111。');
  const width = await patient.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the form fits a 375 px screen').toBeLessThanOrEqual(375);
  await patient.getByTestId('review-submit').click();

  await expect(patient).toHaveURL(/\/reviews\/mine/);
  const mine = patient.getByTestId('reviews-mine').locator('.ant-list-item').filter({ hasText: '骨科复查等了很久' });
  await expect(mine).toBeVisible();
  await expect(mine).toContainText('13900001111');  // the author reads their own words
  await expect(mine).toContainText(zh('reviews.mine.outreach_hint'));
  await expect(patient.getByTestId('reviews-pending').locator('.ant-list-item').filter({ hasText: 'MH1-MZ-0001' })).toHaveCount(0);
  await expectNoRawText(patient);

  const officer = await signedIn(browser, 'officer');
  await officer.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.reviews_hospital') }).click();
  await expect(officer.getByRole('heading', { level: 1, name: zh('menu.reviews_hospital') })).toBeVisible();
  await expect(officer.getByTestId('aggregate-chart').locator('canvas')).toBeVisible();
  await expect(officer.getByTestId('aggregate-table')).toContainText('骨科');
  await officer.getByText(zh('reviews.aggregate.by_month')).click();
  await expect(officer.getByTestId('aggregate-table')).toContainText(/20\d\d-\d\d/);

  await officer.getByRole('tab', { name: zh('reviews.hospital.outreach') }).click();
  const row = officer.getByTestId('outreach-table').locator('tr').filter({ hasText: '骨科复查等了很久' });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('13900001111');
  await expect(row).toContainText(zh('reviews.outreach.reason.low_rating'));
  await row.getByRole('button', { name: zh('reviews.outreach.action.contact') }).click();
  await officer.getByTestId('outreach-note').fill('已电话联系患者，约定复诊时解释片子');
  await officer.getByTestId('outreach-confirm').click();
  await expect(officer.getByText(zh('reviews.outreach.done'))).toBeVisible();

  await officer.getByRole('tab', { name: zh('reviews.hospital.comments') }).click();
  const comments = officer.getByTestId('hospital-comments');
  await expect(comments.locator('.ant-list-item').first()).toBeVisible();
  const text = await comments.innerText();
  expect(text).not.toMatch(PHONE);
  expect(text).not.toMatch(ID18);
  await expectNoRawText(officer);
});

test('the regulator compares institutions and small cells stay hidden (English)', async ({ browser }) => {
  const regulator = await signedIn(browser, 'regulator', 1280, 'en-US');
  await regulator.getByTestId('main-menu').getByRole('menuitem', { name: en('menu.reviews_regulator') }).click();
  await expect(regulator.getByRole('heading', { level: 1, name: en('menu.reviews_regulator') })).toBeVisible();
  await expect(regulator.getByTestId('institution-chart').locator('canvas')).toBeVisible();
  await expect(regulator.getByTestId('regulator-aggregate-table')).toContainText('明湖市第一人民医院');
  await regulator.getByTestId('institution-select').click();
  await regulator.getByTitle('明湖市清溪社区卫生服务中心', { exact: true }).click();
  const table = regulator.getByTestId('institution-aggregate-table');
  await expect(table).toContainText('全科');
  await expect(table.getByTestId('suppressed-预防保健科')).toHaveText(en('reviews.aggregate.suppressed', { min: 3 }));
  await expectNoRawText(regulator);
});

test('the moderator publishes a held comment after editing it', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin');
  await admin.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.reviews_moderation') }).click();
  await expect(admin.getByRole('heading', { level: 1, name: zh('menu.reviews_moderation') })).toBeVisible();
  const held = admin.getByTestId('moderation-queue').locator('.ant-list-item').filter({ hasText: '术后感染至今未愈' });
  await expect(held).toBeVisible();
  await expect(held.getByTestId('held-raw')).toContainText('440190198807150012');  // the moderator reads the raw text
  await held.getByTestId('held-edit').fill('术后感染至今未愈，请核实住院登记。');
  await held.getByTestId('held-publish').click();
  await expect(admin.getByText(zh('reviews.moderation.published'))).toBeVisible();
  await expect(admin.getByTestId('moderation-queue').locator('.ant-list-item').filter({ hasText: '术后感染至今未愈' })).toHaveCount(0, { timeout: 15_000 });
  await expectNoRawText(admin);
});
