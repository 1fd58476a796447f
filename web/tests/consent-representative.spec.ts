// The consent centre's grants to a named person for one case, and a legal representative's view (issue
// 15), in the browser against the real server. The demo patient 郑晓禾 names the insurer's adjuster
// 孙嘉木 for one of her cases on a 375 px phone: the adjuster then reads that case's narrative and, after
// the revocation, no longer does. As the guardian of the minor demo patient 郑小满 she switches to the
// child's consent centre (the banner says whose it is), sees the grant she made as guardian, and grants
// and revokes for the child on a desktop screen; the child's own list names her as the one who granted.
import { expect as baseExpect, test } from '@playwright/test';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

const expect = baseExpect.configure({ timeout: 30_000 });

async function signedIn(browser: Browser, username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  return page;
}

interface CaseRow { id: number; narrative: string | null; narrative_withheld: boolean }
interface Grant {
  id: number;
  state: string;
  case_id: number | null;
  grantee: { kind: string; user_id: number | null; name: string | null };
  granted_by: { user_id: number; name: string | null; representation_id: number | null };
}

async function adjusterCase(request: APIRequestContext, id: number): Promise<CaseRow> {
  const r = await request.get(`/api/v1/cases/${id}`);
  expect(r.ok()).toBe(true);
  return (await r.json()) as CaseRow;
}

// Opens an antd Select and clicks the option with `option`; in a searchable one, types `search` first
// (its list is virtual: only the options in view exist).
async function pick(page: Page, testId: string, option: string, search?: string) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

test('the patient names one person of the insurer for one case, and revokes it', async ({ browser }) => {
  test.setTimeout(180_000);
  const adjuster = await signedIn(browser, 'adjuster');
  const cases = ((await (await adjuster.request.get('/api/v1/cases?limit=100')).json()) as { items: CaseRow[] }).items;
  const withheld = cases.find((c) => c.narrative_withheld);
  expect(withheld, 'a demo case of the patient the adjuster reads without consent').toBeTruthy();
  const caseId = withheld!.id;

  const patient = await signedIn(browser, 'patient', 375);
  await patient.goto('/consent');
  await expect(patient.getByRole('heading', { level: 1, name: zh('menu.consents') })).toBeVisible();
  await patient.getByTestId('consent-new').click();
  await pick(patient, 'consent-purpose', '保险理赔');
  await patient.getByTestId('consent-kind-user').click();
  await pick(patient, 'consent-organization', '安和财产保险明湖分公司', '安和');
  await pick(patient, 'consent-user', '理赔 孙嘉木', '孙嘉木');
  await patient.getByTestId('consent-scope-case').click();
  await pick(patient, 'consent-case', `#${caseId} ·`, `#${caseId} ·`);
  await patient.getByTestId('consent-submit').click();

  const row = patient.getByTestId('consent-grants').getByRole('listitem').filter({ hasText: '理赔 孙嘉木' }).first();
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.active'));
  await expect(row).toContainText(zh('consent.case', { id: caseId }));
  expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoRawText(patient);

  const read = await adjusterCase(adjuster.request, caseId);
  expect(read.narrative_withheld).toBe(false);
  expect(read.narrative).toBeTruthy();

  await row.getByTestId('consent-revoke').click();
  await patient.getByTestId('consent-revoke-confirm').click();
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.revoked'));
  const after = await adjusterCase(adjuster.request, caseId);
  expect(after.narrative_withheld).toBe(true);
});

test('a parent manages the consent of their minor child as guardian', async ({ browser }) => {
  test.setTimeout(180_000);
  const parent = await signedIn(browser, 'patient');
  await parent.goto('/consent');
  await expect(parent.getByTestId('consent-acting')).toBeVisible();
  await expect(parent.getByTestId('consent-acting-banner')).toHaveCount(0);
  await pick(parent, 'consent-acting', '患者 郑小满');
  const banner = parent.getByTestId('consent-acting-banner');
  await expect(banner).toContainText(zh('consent.acting_banner', { name: '患者 郑小满' }));
  await expect(banner).toContainText(zh('consent.basis.guardian_minor'));

  // The demo grant she made as guardian (明湖市妇幼保健院), marked as granted by the representative.
  const grants = parent.getByTestId('consent-grants');
  const demo = grants.getByRole('listitem').filter({ hasText: '明湖市妇幼保健院' });
  await expect(demo.getByTestId('consent-granted-by')).toHaveText(zh('consent.granted_by_representative', { name: '患者 郑晓禾' }));

  // A new grant for the child: the legal-aid office, legal aid.
  await parent.getByTestId('consent-new').click();
  await pick(parent, 'consent-purpose', '法律援助');
  await pick(parent, 'consent-organization', '明湖市法律援助中心', '法律援助');
  await parent.getByTestId('consent-submit').click();
  const row = grants.getByRole('listitem').filter({ hasText: '明湖市法律援助中心' }).first();
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.active'));
  await expectNoRawText(parent);

  // The child's own consent centre lists it, granted by the parent on the representation.
  const child = await signedIn(browser, 'patient_minor');
  const list = ((await (await child.request.get('/api/v1/consents')).json()) as { items: Grant[] }).items;
  const made = list.find((g) => g.grantee.name === '明湖市法律援助中心' && g.state === 'active');
  expect(made, 'the grant is the child\'s').toBeTruthy();
  expect(made!.granted_by.name).toBe('患者 郑晓禾');
  expect(made!.granted_by.representation_id).not.toBeNull();

  await row.getByTestId('consent-revoke').click();
  await parent.getByTestId('consent-revoke-confirm').click();
  await expect(row.getByTestId('consent-state')).toHaveText(zh('consent.state.revoked'));

  // Back to her own consent centre: the child's grants are not there.
  await pick(parent, 'consent-acting', zh('consent.myself'));
  await expect(parent.getByTestId('consent-acting-banner')).toHaveCount(0);
  await expect(grants.getByRole('listitem').filter({ hasText: '明湖市法律援助中心' })).toHaveCount(0);
});
