#!/usr/bin/env python3
"""Checks a MedRisk ledger proof (the JSON `medrisk ledger prove` prints) with Python's standard library only.

    python3 tools/verify_ledger_proof.py proof.json [--public-key HEX]

It recomputes the leaf hash from the leaf's data (RFC 6962: SHA-256(0x00 || data)), follows the audit path to
the root (RFC 9162 §2.1.3.2), compares that root with the signed tree head's, and checks the head's Ed25519
signature (RFC 8032; the verification below follows the reference code of RFC 8032 §6). The public key is the
one in the proof unless --public-key gives the one the platform published (which an auditor should compare:
a proof can carry any key). Exit 0: the proof holds; 1: it does not (the reason is printed); 2: bad input.
"""
import hashlib
import json
import sys

# ---- Ed25519 verification (RFC 8032 §6, reference implementation) ----
P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493  # group order


def _sha512(s):
    return hashlib.sha512(s).digest()


def _modp_inv(x):
    return pow(x, P - 2, P)


D = -121665 * _modp_inv(121666) % P


def _point_add(a, b):
    A, B = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    C, Dd = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F, G * H, F * G, E * H)


def _point_mul(s, p):
    q = (0, 1, 1, 0)  # neutral element
    while s > 0:
        if s & 1:
            q = _point_add(q, p)
        p = _point_add(p, p)
        s >>= 1
    return q


def _point_equal(a, b):
    if (a[0] * b[2] - b[0] * a[2]) % P != 0:
        return False
    return (a[1] * b[2] - b[1] * a[2]) % P == 0


MODP_SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * _modp_inv(D * y * y + 1)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * MODP_SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


G_Y = 4 * _modp_inv(5) % P
G_X = _recover_x(G_Y, 0)
G = (G_X, G_Y, 1, G_X * G_Y % P)


def _point_decompress(s):
    if len(s) != 32:
        raise ValueError("invalid input length for decompression")
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def ed25519_verify(public, msg, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    A = _point_decompress(public)
    if not A:
        return False
    Rs = signature[:32]
    R = _point_decompress(Rs)
    if not R:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= Q:
        return False
    h = int.from_bytes(_sha512(Rs + public + msg), "little") % Q
    sB = _point_mul(s, G)
    hA = _point_mul(h, A)
    return _point_equal(sB, _point_add(R, hA))


# ---- RFC 6962 / RFC 9162 Merkle tree ----
def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_path(index, size, leaf, path):
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def signed_message(head):
    return (
        "medrisk-ledger-sth-1\n"
        f"tree_size={head['tree_size']}\n"
        f"root_hash={head['root_hash']}\n"
        f"timestamp={head['timestamp']}\n"
        f"audit_seq={head['audit_seq']}\n"
        f"audit_hash={head['audit_hash']}\n"
    ).encode("utf-8")


def check(proof, public_key_hex=None):
    """Returns None when the proof holds, else the reason it does not."""
    import base64

    leaf = proof["leaf"]
    head = proof["tree_head"]
    index, size = int(proof["leaf_index"]), int(proof["tree_size"])
    data = leaf["data"].encode("utf-8")
    computed_leaf = leaf_hash(data)
    if computed_leaf.hex() != leaf["leaf_hash"]:
        return "the leaf data does not match its leaf hash"
    if int(leaf["index"]) != index:
        return "the leaf index does not match the proof's"
    if int(head["tree_size"]) != size:
        return "the proof is for another tree size than the signed head's"
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    root = root_from_path(index, size, computed_leaf, path)
    if root is None:
        return "the audit path does not fit the leaf's position in the tree"
    if root.hex() != head["root_hash"]:
        return "the audit path does not lead to the signed root"
    key = bytes.fromhex(public_key_hex or proof["public_key"])
    if not ed25519_verify(key, signed_message(head), base64.b64decode(head["signature"])):
        return "the tree head's Ed25519 signature does not verify"
    return None


def main(argv):
    args = argv[1:]
    key = None
    if "--public-key" in args:
        i = args.index("--public-key")
        key = args[i + 1]
        del args[i : i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with (sys.stdin if args[0] == "-" else open(args[0], encoding="utf-8")) as f:
            proof = json.load(f)
        reason = check(proof, key)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"proof REFUSED: malformed proof ({e})")
        return 1
    if reason:
        print(f"proof REFUSED: {reason}")
        return 1
    head = proof["tree_head"]
    print(
        f"proof OK: leaf {proof['leaf_index']} ({proof['leaf'].get('kind', '')} {proof['leaf'].get('subject_id', '')}) "
        f"is in the ledger of {head['tree_size']} leaves signed at {head['timestamp']} (root {head['root_hash']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
