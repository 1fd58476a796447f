// Unit tests of web/src/pages/witnessing/verify/merkle.ts in node (no browser, no server): the RFC 6962
// audit path walk against an independent recursive Merkle Tree Hash for every leaf of trees of 1–17
// leaves, and the whole check of a witness record with an Ed25519-signed tree head — which must fail
// when any byte of the record, the path, the root or the signature changes.
import { expect, test } from '@playwright/test';
import { fromHex, leafHash, rootFromPath, signedMessage, toHex, verifyWitness, type ProofBundle } from '../../src/pages/witnessing/verify/merkle';

const enc = new TextEncoder();
const sha = async (...parts: Uint8Array[]) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
};
const split = (n: number) => { let k = 1; while (k * 2 < n) k *= 2; return k; };

// RFC 6962 §2.1: MTH and PATH, written independently of merkle.ts.
async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return sha(new Uint8Array([1]), await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

test('the audit path of every leaf of trees of 1 to 17 leaves leads to the root, a wrong one does not', async () => {
  for (let n = 1; n <= 17; n++) {
    const leaves = await Promise.all(Array.from({ length: n }, (_, i) => leafHash(enc.encode(`record ${i}`))));
    const root = toHex(await mth(leaves));
    for (let m = 0; m < n; m++) {
      const p = await path(m, leaves);
      expect(toHex((await rootFromPath(m, n, leaves[m]!, p))!), `leaf ${m} of ${n}`).toBe(root);
      if (n > 1) expect(await rootFromPath((m + 1) % n, n, leaves[m]!, p).then((r) => r && toHex(r))).not.toBe(root);
    }
    expect(await rootFromPath(n, n, leaves[0]!, [])).toBeNull();
  }
});

test('a witness record verifies against an Ed25519-signed tree head; any flipped byte fails', async () => {
  const records = ['{"format":"medrisk.witness-record/1","public_id":"a"}', '{"b":1}', '{"c":2}', '{"d":3}', '{"e":4}'];
  const leaves = await Promise.all(records.map((r) => leafHash(enc.encode(r))));
  const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']));
  const head = { tree_size: 5, root_hash: toHex(await mth(leaves)), timestamp: '2026-12-07T08:00:00Z', audit_seq: 12, audit_hash: 'ab', signature: '' };
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, signedMessage(head)));
  head.signature = btoa(String.fromCharCode(...sig));
  const bundle: ProofBundle = {
    leaf_index: 0, tree_size: 5, leaf: { leaf_hash: toHex(leaves[0]!), data: records[0]! },
    audit_path: (await path(0, leaves)).map(toHex), tree_head: head,
    public_key: toHex(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey))),
  };
  const hash = toHex(await sha(enc.encode(records[0])));
  expect(await verifyWitness(records[0]!, hash, bundle)).toEqual({ ok: true, hash: true, path: true, signature: true });

  const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
  expect((await verifyWitness(records[0]!.replace('"a"', '"b"'), hash, bundle)).failure).toBe('hash_mismatch');
  expect((await verifyWitness(records[0]!, hash, { ...bundle, audit_path: [flip(bundle.audit_path[0]!), ...bundle.audit_path.slice(1)] })).failure).toBe('path_invalid');
  expect((await verifyWitness(records[0]!, hash, { ...bundle, tree_head: { ...head, root_hash: flip(head.root_hash) } })).failure).toBe('path_invalid');
  expect((await verifyWitness(records[0]!, hash, { ...bundle, tree_head: { ...head, timestamp: '2026-12-07T08:00:01Z' } })).failure).toBe('signature_invalid');
  expect((await verifyWitness(records[0]!, hash, { ...bundle, leaf_index: 1 })).ok).toBe(false);
  expect((await verifyWitness(records[0]!, hash, null)).failure).toBe('no_proof');
  expect(fromHex('00ff')).toEqual(new Uint8Array([0, 255]));
});
