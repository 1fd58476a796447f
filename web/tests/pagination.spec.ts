// Lists follow the API's cursor past the first page (issue 13 item 7: several list pages stopped silently
// at the first 100 rows). The patient files more complaints than one page of GET /api/v1/complaints
// holds (web/src/pages/disputes/api.ts PAGE_SIZE, the server's maximum); their own list reads every page,
// and the officer's complaints table shows one page with a "load more" button that brings the rest.
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { login, zh } from './support';

const PAGE_SIZE = 100; // web/src/pages/disputes/api.ts
const FILED = PAGE_SIZE + 5;

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

test('the patient sees every complaint and the officer pages past the first 100 with load more', async ({ browser }) => {
  test.setTimeout(120_000);
  const patient = await signedIn(browser, 'patient');
  const institutions = (await (await patient.request.get('/api/v1/complaints/institutions')).json()) as {
    items: { id: number; name: string }[];
  };
  const hospital = institutions.items.find((i) => i.name === '明湖市第一人民医院');
  expect(hospital, 'the demo hospital').toBeDefined();
  // A department name of this run only, so earlier complaints and other tests' rows do not count.
  const department = `分页科${Date.now() % 1_000_000}`;
  const incidentDate = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 1; i <= FILED; i++) {
    const r = await patient.request.post('/api/v1/complaints', {
      data: { institution_org_id: hospital?.id, category: 'other', department, incident_date: incidentDate, narrative: `分页测试第${i}件` },
    });
    expect(r.status(), await r.text()).toBe(201);
  }

  // The patient's own list (every page, fetchAll): all of this run's complaints, the first filed too.
  await patient.goto('/disputes/my-cases');
  const mine = patient.getByTestId('my-complaints-list').locator('.ant-list-item').filter({ hasText: department });
  await expect(mine).toHaveCount(FILED);

  // The officer's table: one page of the newest, then "load more" brings the older ones.
  const officer = await signedIn(browser, 'officer');
  await officer.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.cases') }).click();
  const rows = officer.getByTestId('complaints-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(PAGE_SIZE);
  await expect(rows.filter({ hasText: department })).toHaveCount(PAGE_SIZE);
  const more = officer.getByTestId('complaints-more');
  await expect(more).toHaveText(zh('common.load_more'));
  await more.click();
  await expect(rows.filter({ hasText: department })).toHaveCount(FILED);
});
