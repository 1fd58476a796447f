// Verifies a sealed witness record in the browser with WebCrypto, trusting nothing the server says:
// SHA-256 of the canonical form must equal the record hash; the RFC 6962 leaf hash
// SHA-256(0x00 ‖ canonical) must lead through the audit path (RFC 9162 §2.1.3.2) to the root of the
// signed tree head; and the tree head's Ed25519 signature must verify with the ledger's public key.

export type VerifyFailure = 'hash_mismatch' | 'no_proof' | 'leaf_mismatch' | 'path_invalid' | 'signature_invalid' | 'unsupported';

export interface TreeHead {
  tree_size: number;
  root_hash: string;
  timestamp: string;
  audit_seq: number;
  audit_hash: string;
  signature: string; // base64
}

export interface ProofBundle {
  leaf_index: number;
  tree_size: number;
  leaf?: { leaf_hash: string; data: string };
  audit_path: string[];
  tree_head: TreeHead;
  public_key: string; // hex of the 32-byte Ed25519 key
}

export interface VerifyResult {
  ok: boolean;
  hash: boolean;
  path: boolean;
  signature: boolean;
  failure?: VerifyFailure;
}

const encoder = new TextEncoder();
type Bytes = Uint8Array<ArrayBuffer>;

export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64(text: string): Bytes {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    buf.set(p, offset);
    offset += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

export const leafHash = (data: Uint8Array) => sha256(LEAF, data);

/** RFC 9162 §2.1.3.2: the root the audit path leads to, or null when the path does not fit the position. */
export async function rootFromPath(leafIndex: number, treeSize: number, leaf: Uint8Array, path: Uint8Array[]): Promise<Uint8Array | null> {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(NODE, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(NODE, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The bytes a tree head's signature covers (platform/ledger/merkle.hpp signed_message). */
export function signedMessage(h: TreeHead): Bytes {
  return encoder.encode(
    `medrisk-ledger-sth-1\ntree_size=${h.tree_size}\nroot_hash=${h.root_hash}\ntimestamp=${h.timestamp}\n` +
      `audit_seq=${h.audit_seq}\naudit_hash=${h.audit_hash}\n`,
  );
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function verifyWitness(canonical: string, recordHash: string, proof: ProofBundle | null | undefined): Promise<VerifyResult> {
  const data = encoder.encode(canonical);
  const hash = toHex(await sha256(data)) === recordHash.toLowerCase();
  if (!hash) return { ok: false, hash, path: false, signature: false, failure: 'hash_mismatch' };
  if (!proof) return { ok: false, hash, path: false, signature: false, failure: 'no_proof' };
  try {
    const leaf = await leafHash(data);
    if (proof.leaf && (toHex(leaf) !== proof.leaf.leaf_hash.toLowerCase() || proof.leaf.data !== canonical))
      return { ok: false, hash, path: false, signature: false, failure: 'leaf_mismatch' };
    const root = await rootFromPath(proof.leaf_index, proof.tree_size, leaf, proof.audit_path.map(fromHex));
    const path = root !== null && proof.tree_size === proof.tree_head.tree_size && equal(root, fromHex(proof.tree_head.root_hash));
    if (!path) return { ok: false, hash, path, signature: false, failure: 'path_invalid' };
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey('raw', fromHex(proof.public_key), { name: 'Ed25519' }, false, ['verify']);
    } catch {
      return { ok: false, hash, path, signature: false, failure: 'unsupported' };
    }
    const signature = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(proof.tree_head.signature), signedMessage(proof.tree_head));
    return signature ? { ok: true, hash, path, signature } : { ok: false, hash, path, signature, failure: 'signature_invalid' };
  } catch {
    return { ok: false, hash, path: false, signature: false, failure: 'path_invalid' };
  }
}
