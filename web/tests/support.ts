// Shared helpers for the browser tests: the locale texts (read from the app's own locale files, so a
// test checks what a user reads), the demo accounts and their expected menus, login, and the check
// that no raw JSON or untranslated key is visible.
import { expect, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'medrisk-demo';

type Tree = { [key: string]: string | Tree };

function loadLocale(language: 'zh-CN' | 'en-US'): Tree {
  const dir = join(fileURLToPath(new URL('../src/locales', import.meta.url)), language);
  const tree: Tree = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree;
  }
  return tree;
}

const locales = { 'zh-CN': loadLocale('zh-CN'), 'en-US': loadLocale('en-US') };

/** The text of a locale key, with {{name}} placeholders filled in. */
export function text(language: 'zh-CN' | 'en-US', key: string, vars: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = locales[language];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no locale text ${language}:${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
export const zh = (key: string, vars?: Record<string, string | number>) => text('zh-CN', key, vars);
export const en = (key: string, vars?: Record<string, string | number>) => text('en-US', key, vars);

export const ALL_MENU = ['home', 'notifications', 'my_cases', 'cases', 'consents', 'my_policies', 'visit_policies', 'compliance', 'products', 'quotes', 'policies', 'claims', 'incidents', 'incidents_province', 'appraisal_workspace', 'appraisal_pool', 'compensation', 'organizations', 'users', 'actuarial', 'risk', 'witness_records', 'witness_institution', 'my_witness', 'audit', 'my_reviews', 'reviews_hospital', 'reviews_regulator', 'reviews_moderation'] as const;
export type MenuKey = (typeof ALL_MENU)[number];

export interface DemoAccount {
  username: string;
  role: string;
  menu: MenuKey[];
}

/** Menus follow from each role's named permissions (DESIGN §1, issue 3). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', role: 'platform_admin', menu: ['home', 'notifications', 'appraisal_pool', 'organizations', 'users', 'audit', 'reviews_moderation'] },
  { username: 'officer', role: 'medical_officer', menu: ['home', 'notifications', 'cases', 'compliance', 'policies', 'incidents', 'compensation', 'risk', 'witness_institution', 'reviews_hospital'] },
  { username: 'doctor', role: 'clinician', menu: ['home', 'notifications', 'my_policies', 'incidents', 'witness_records'] },
  { username: 'patient', role: 'patient', menu: ['home', 'notifications', 'my_cases', 'consents', 'my_policies', 'visit_policies', 'my_witness', 'my_reviews'] },
  { username: 'underwriter', role: 'underwriter', menu: ['home', 'notifications', 'products', 'quotes', 'policies', 'risk'] },
  { username: 'adjuster', role: 'adjuster', menu: ['home', 'notifications', 'cases', 'policies', 'claims', 'compensation'] },
  { username: 'actuary', role: 'actuary', menu: ['home', 'notifications', 'claims', 'actuarial', 'risk'] },
  { username: 'mediator', role: 'mediator', menu: ['home', 'notifications', 'cases', 'compensation'] },
  { username: 'lawyer', role: 'lawyer', menu: ['home', 'notifications', 'cases', 'compensation'] },
  { username: 'expert1', role: 'expert', menu: ['home', 'notifications', 'appraisal_workspace'] },
  { username: 'regulator', role: 'regulator', menu: ['home', 'notifications', 'cases', 'compliance', 'policies', 'incidents_province', 'actuarial', 'risk', 'audit', 'reviews_regulator'] },
];

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function logout(page: Page, language: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: text(language, 'layout.logout') }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The visible labels of the side menu, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByTestId('main-menu').getByRole('menuitem');
  await expect(items.first()).toBeVisible();
  return (await items.allInnerTexts()).map((label) => label.trim());
}

const RAW_KEY = /^[a-z_]+\.[a-z_.]+$/m;

/** No visible raw problem JSON, and no untranslated key on a line of its own. */
export async function expectNoRawText(page: Page): Promise<void> {
  const body = await page.locator('body').innerText();
  expect(body, 'raw JSON on screen').not.toContain('{"type"');
  expect(body, 'raw JSON on screen').not.toContain('"code"');
  const lines = body.split('\n').map((line) => line.trim());
  expect(lines.filter((line) => RAW_KEY.test(line)), 'untranslated key on screen').toEqual([]);
}
