// Removes the temporary folder that held the e2e database (created in playwright.config.ts).
import { rmSync } from 'node:fs';
import { basename } from 'node:path';

export default function globalTeardown(): void {
  const dir = process.env.MEDRISK_E2E_DIR;
  if (dir && basename(dir).startsWith('medrisk-e2e-')) rmSync(dir, { recursive: true, force: true });
}
