// Keeps the server's full output as test-results/server.log, then removes the temporary folder that
// held the e2e database and keys (created in playwright.config.ts).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

export default function globalTeardown(): void {
  const dir = process.env.MEDRISK_E2E_DIR;
  if (!dir || !basename(dir).startsWith('medrisk-e2e-')) return;
  const log = join(dir, 'server.log');
  if (existsSync(log)) {
    mkdirSync('test-results', { recursive: true });
    copyFileSync(log, join('test-results', 'server.log'));
  }
  // Playwright stops the server after this teardown: its demo bank may still write into the folder
  // meanwhile (ENOTEMPTY), so the removal is retried.
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
