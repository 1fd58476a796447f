// The expert workspace against the real demo server: a member of the demo panel sees its finished
// Delphi round (consensus, median class, quartiles, anonymized reasons) and their signed opinion with a
// verified digest; an expert off the panel sees none of it; a newly drawn member writes, saves and
// signs an opinion, after which it is read-only.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectNoRawText, login, zh } from './support';

async function token(request: APIRequestContext, username: string): Promise<string> {
  const r = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return ((await r.json()) as { token: string }).token;
}

/** The demo experts who sit on the given panel (the draw is random, so ask the API). */
async function membersOf(request: APIRequestContext, panelId: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const username = `expert${i}`;
    const r = await request.get(`/api/v1/panels/${panelId}`, { headers: { Authorization: `Bearer ${await token(request, username)}` } });
    if (r.status() === 200) {
      const panel = (await r.json()) as { members: { status: string; display_name: string }[]; viewer: string };
      if (panel.viewer === 'member') out.push(username);
    }
  }
  return out;
}

async function openWorkspace(page: Page, username: string) {
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.appraisal_workspace') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.appraisal_workspace') })).toBeVisible();
}

test('a member sees the demo panel’s consensus and their signed opinion', async ({ page, request }) => {
  const [member] = await membersOf(request, 1);
  expect(member).toBeTruthy();
  await openWorkspace(page, member!);
  const panel = page.getByTestId('panel-1');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('opinion-signed')).toContainText(zh('appraisal.digest_ok'));
  const stats = panel.getByTestId('delphi-statistics');
  await expect(stats.getByTestId('delphi-consensus')).toHaveText(zh('appraisal.consensus_yes'));
  await expect(stats.getByTestId('median-class-causation_degree')).toHaveText(zh('appraisal.degree.main'));
  await expect(stats).toContainText(zh('appraisal.anonymous_reasons'));
  await expectNoRawText(page);
});

test('an expert off the panel sees no assignment', async ({ page, request }) => {
  const members = await membersOf(request, 1);
  const outsider = ['expert1', 'expert2', 'expert3', 'expert4', 'expert5', 'expert6', 'expert7'].find((u) => !members.includes(u));
  await openWorkspace(page, outsider!);
  await expect(page.getByTestId('no-panels')).toBeVisible();
  await page.goto('/appraisal/workspace');
  await expect(page.getByTestId('panel-1')).toHaveCount(0);
});

test('a newly drawn member saves a draft and signs it; the signed opinion is read-only', async ({ page, request }) => {
  const admin = await token(request, 'admin');
  const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${await token(request, 'officer')}` } });
  const hospital = ((await me.json()) as { user: { organization: { id: number } } }).user.organization.id;
  const created = await request.post('/api/v1/panels', {
    headers: { Authorization: `Bearer ${admin}` },
    data: { case_id: 90001, institution_id: hospital, specialty: 'orthopedics', size: 3 },
  });
  expect(created.status()).toBe(201);
  const panelId = ((await created.json()) as { id: number }).id;
  const [member] = await membersOf(request, panelId);
  await openWorkspace(page, member!);
  await page.getByTestId('panel-list').getByRole('row').filter({ hasText: '90001' }).click();
  const panel = page.getByTestId(`panel-${panelId}`);
  await panel.getByTestId('opinion-reasons').fill('术后未及时复查，延误发现内固定松动');
  await panel.getByTestId('opinion-save').click();
  await expect(page.getByText(zh('appraisal.opinion_saved'))).toBeVisible();
  await panel.getByTestId('opinion-sign').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await expect(panel.getByTestId('opinion-signed')).toContainText(zh('appraisal.digest_ok'));
  await expect(panel.getByTestId('opinion-form')).toHaveCount(0);
  await expectNoRawText(page);
});

test('the pool’s admin draws a panel and opens its first Delphi round', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.appraisal_pool') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.appraisal_pool') })).toBeVisible();
  await expect(page.getByTestId('pool-experts').getByRole('row')).toHaveCount(8);  // header + expert1…expert7
  const form = page.getByTestId('draw-form');
  await form.getByRole('spinbutton').fill('90002');
  await form.getByRole('combobox').first().click();
  await page.getByTitle('明湖市中医院').click();
  await page.getByTestId('draw-submit').click();
  await expect(page.getByText(zh('appraisal.pool.drawn'))).toBeVisible();
  const row = page.getByTestId('pool-panels').getByRole('row').filter({ hasText: '90002' });
  await expect(row.locator('.ant-tag')).toHaveCount(3);
  await row.getByRole('button', { name: zh('appraisal.pool.open_round') }).click();
  await expect(page.getByText(zh('appraisal.pool.round_opened'))).toBeVisible();
  await expectNoRawText(page);
});
