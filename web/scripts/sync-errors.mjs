#!/usr/bin/env node
// Copies the server's error catalogue (../data/errors/*.json: {code: {kind, "zh-CN", "en-US"}}) into
// src/locales/<lang>/errors.json for every code the web locales lack. Existing web wording is kept.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalogueDir = join(root, '..', 'data', 'errors');
const LANGUAGES = ['zh-CN', 'en-US'];

if (!existsSync(catalogueDir)) {
  console.error(`No error catalogue at ${catalogueDir}`);
  process.exit(1);
}
const catalogue = {};
for (const file of readdirSync(catalogueDir).filter((f) => f.endsWith('.json')).sort()) {
  Object.assign(catalogue, JSON.parse(readFileSync(join(catalogueDir, file), 'utf8')));
}
let added = 0;
for (const language of LANGUAGES) {
  const path = join(root, 'src', 'locales', language, 'errors.json');
  const errors = JSON.parse(readFileSync(path, 'utf8'));
  for (const code of Object.keys(catalogue).sort()) {
    const message = catalogue[code]?.[language];
    if (!(code in errors) && typeof message === 'string' && message) {
      errors[code] = message;
      added += 1;
    }
  }
  writeFileSync(path, `${JSON.stringify(errors, null, 2)}\n`);
}
console.log(`Added ${added} messages from ${Object.keys(catalogue).length} catalogue codes.`);
