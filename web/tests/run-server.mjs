#!/usr/bin/env node
// Starts the server for the browser tests and relays its output, minus the per-request access-log
// lines of successful requests (one JSON line per request would bury test failures). Lines of
// server errors (status 5xx) and everything else pass through. Signals are forwarded to the server.
// The full output goes to MEDRISK_SERVER_LOG when set (the teardown keeps it as test-results/server.log).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  console.error('usage: run-server.mjs BINARY ARGS…');
  process.exit(2);
}
// A closed pipe on our side must never take the server down with it.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
const log = process.env.MEDRISK_SERVER_LOG ? createWriteStream(process.env.MEDRISK_SERVER_LOG, { flags: 'a' }) : null;
const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const ACCESS = /"duration_us":/;
const SERVER_ERROR = /"status":5\d\d/;
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  createInterface({ input: from }).on('line', (line) => {
    log?.write(`${line}\n`);
    if (!ACCESS.test(line) || SERVER_ERROR.test(line)) to.write(`${line}\n`);
  });
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`cannot start ${binary}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  const why = `server exited (code ${code ?? '-'}, signal ${signal ?? '-'})\n`;
  log?.write(why);
  if (code !== 0) process.stderr.write(why);
  if (log) log.end(() => process.exit(code ?? (signal ? 1 : 0)));
  else process.exit(code ?? (signal ? 1 : 0));
});
