// Browser tests against the REAL server: Playwright starts `medrisk serve --demo` on a free port with a
// fresh SQLite database in a temporary folder, serving web/dist, and drives Debian's Chromium.
// Run `npm run build` first (make does). MEDRISK_BINARY overrides ../build/medrisk.
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The config is evaluated in the runner and again in each worker: pick the port and folder once and
// hand them on through the environment, which workers inherit.
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}
process.env.MEDRISK_E2E_PORT ??= freePort();
process.env.MEDRISK_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'medrisk-e2e-'));

const port = process.env.MEDRISK_E2E_PORT;
const dataDir = process.env.MEDRISK_E2E_DIR;
const binary = resolve(process.env.MEDRISK_BINARY ?? '../build/medrisk');
const staticDir = resolve('../web/dist');
const baseURL = `http://127.0.0.1:${port}`;

if (!existsSync(join(staticDir, 'index.html'))) {
  throw new Error('web/dist/index.html is missing: run `npm --prefix web run build` before the browser tests.');
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  // The whole suite (every role and module) must stay well inside CI's 30 minutes; one stuck test
  // cannot hold it longer than this.
  globalTimeout: 900_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 7_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  globalTeardown: './tests/global-teardown.ts',
  webServer: {
    // --db and --keys are options of the medrisk command itself (CLI11), so they come before `serve`.
    // run-server.mjs drops the access-log line of each successful request from the output.
    command: `node tests/run-server.mjs "${binary}" --db "sqlite:${dataDir}/e2e.db" --keys "${dataDir}/keys.json" serve --demo --port ${port} --static "${staticDir}"`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: { MEDRISK_SERVER_LOG: join(dataDir, 'server.log') },
  },
});
