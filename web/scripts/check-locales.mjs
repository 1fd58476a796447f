#!/usr/bin/env node
// Fails when a locale key exists in one language and not the other, when a locale file is missing
// in one language, when a value is empty, or when source code uses a literal key that zh-CN lacks.
// Plural forms (_one, _other, …) count as one key: Chinese has only _other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const localesDir = join(root, 'src', 'locales');
const LANGUAGES = ['zh-CN', 'en-US'];
const PLURAL = /_(zero|one|two|few|many|other)$/;
const problems = [];

function flatten(tree, prefix, out, file) {
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}.${key}`;
    if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, path, out, file);
    else if (typeof value !== 'string') problems.push(`${file}: ${path} is not a string`);
    else {
      if (!value.trim()) problems.push(`${file}: ${path} is empty`);
      out.set(path.replace(PLURAL, ''), value);
    }
  }
}

const keys = {};
const files = {};
for (const language of LANGUAGES) {
  keys[language] = new Map();
  files[language] = readdirSync(join(localesDir, language)).filter((f) => f.endsWith('.json')).sort();
  for (const file of files[language]) {
    const path = join(localesDir, language, file);
    let tree;
    try {
      tree = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push(`${relative(root, path)}: not valid JSON (${error.message})`);
      continue;
    }
    flatten(tree, file.replace(/\.json$/, ''), keys[language], relative(root, path));
  }
}

for (const language of LANGUAGES) {
  for (const other of LANGUAGES) {
    if (other === language) continue;
    for (const file of files[language]) if (!files[other].includes(file)) problems.push(`${other}/${file} is missing`);
    for (const key of keys[language].keys()) if (!keys[other].has(key)) problems.push(`${key}: in ${language}, missing in ${other}`);
  }
}

// Literal keys in the source: t('a.b'), labelKey: 'a.b', and the strings in ROLE_WORK-like tables.
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
const KEY_USES = [/\bt\(\s*'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g, /\b(?:labelKey|i18nKey):\s*'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g, /'((?:home|menu|errors|common)\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g];
const namespaces = new Set(files['zh-CN'].map((f) => f.replace(/\.json$/, '')));
for (const file of walk(join(root, 'src'), [])) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of KEY_USES) {
    for (const match of text.matchAll(pattern)) {
      const key = match[1];
      if (!namespaces.has(key.split('.')[0])) continue;
      if (!keys['zh-CN'].has(key)) problems.push(`${relative(root, file)}: uses ${key}, which zh-CN lacks`);
    }
  }
}

const unique = [...new Set(problems)];
if (unique.length) {
  console.error(`Locale check failed (${unique.length}):\n  ${unique.join('\n  ')}`);
  process.exit(1);
}
console.log(`Locale check passed: ${keys['zh-CN'].size} keys in ${files['zh-CN'].length} files, identical in ${LANGUAGES.join(' and ')}.`);
