// Unit tests that need neither a browser nor the server (tests/unit, e.g. lib/money): `npm run test:unit`.
// The browser suite (playwright.config.ts) runs them as well.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests/unit',
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 10_000,
  reporter: [['list']],
  outputDir: 'test-results/unit',
});
