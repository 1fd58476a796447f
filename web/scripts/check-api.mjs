#!/usr/bin/env node
// Regenerates the API types from ../api/openapi.json into a temporary file and fails when the
// committed src/api/schema.d.ts differs: run `npm run gen:api` and commit the result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const spec = join(root, '..', 'api', 'openapi.json');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'medrisk-api-'));
const fresh = join(dir, 'schema.d.ts');

try {
  execFileSync(process.execPath, [cli, spec, '-o', fresh], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(committed)) {
    console.error('src/api/schema.d.ts is missing: run `npm run gen:api`.');
    process.exit(1);
  }
  const a = readFileSync(committed, 'utf8');
  const b = readFileSync(fresh, 'utf8');
  if (a !== b) {
    const aLines = a.split('\n');
    const bLines = b.split('\n');
    const line = aLines.findIndex((text, i) => text !== bLines[i]);
    console.error(
      `src/api/schema.d.ts is stale (first difference at line ${line + 1}): ` +
        'api/openapi.json changed; run `npm --prefix web run gen:api` and commit the result.',
    );
    process.exit(1);
  }
  console.log('API types are up to date with api/openapi.json.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
