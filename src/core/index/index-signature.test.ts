import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalBytes,
  keyIdOf,
  parseIndex,
  parsePrivateKey,
  parsePublicKey,
  signIndex,
  verifyIndex,
} from './index-signature.ts'
import { applyMove, emptyIndex, type IndexSigned, type SignedIndex } from './release-index.ts'

const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
/** RFC 8032, test 1: the public key of the seed above. */
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const AT = '2026-03-01T12:00:00.000Z'

function indexAt(sequence: number, line = 'web'): IndexSigned {
  let index = emptyIndex(line, AT)
  for (let s = 1; s <= sequence; s++) {
    const next = applyMove(
      index,
      {
        action: 'canary',
        version: `1.${s}.0`,
        actor: 'console:console',
        reason: null,
        ticket: null,
        at: AT,
        release: { tag: `v1.${s}.0`, sha: 'b'.repeat(40), assets: [] },
      },
      s,
    )
    if (!next.ok) throw new Error(next.error)
    index = next.value
  }
  return index
}

const key = () => {
  const parsed = parsePrivateKey(SEED)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}
const publicKey = () => {
  const parsed = parsePublicKey(PUBLIC)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}
const signed = (sequence: number, line = 'web') => signIndex(indexAt(sequence, line), key())
/** The document as a host would read it from disk, with `edit` applied to its text. */
const reread = (doc: SignedIndex, edit: (text: string) => string = (t) => t) => {
  const parsed = parseIndex(edit(JSON.stringify(doc, null, 2)))
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.value
}

describe('the index signature', () => {
  it('derives the RFC 8032 public key from a hex seed, and the key id as the SHA-256 of it', () => {
    expect(key().publicKeyHex).toBe(PUBLIC)
    expect(key().keyid).toBe(keyIdOf(PUBLIC))
    expect(key().keyid).toMatch(/^[0-9a-f]{64}$/)
  })

  it('takes the same key as PKCS#8 PEM', () => {
    const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519')
    const parsed = parsePrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())
    const raw = pub.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex')
    expect(parsed.ok && parsed.value.publicKeyHex).toBe(raw)
  })

  it.each([
    ['a short hex seed', 'abcd'],
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    ],
    ['text', 'not a key'],
  ])('refuses %s as the signing key', (_, text) => {
    expect(parsePrivateKey(text).ok).toBe(false)
  })

  it('signs the canonical JSON: key order does not change the bytes', () => {
    const index = indexAt(1)
    const reordered = Object.fromEntries(Object.entries(index).reverse()) as IndexSigned
    expect(canonicalBytes(reordered).equals(canonicalBytes(index))).toBe(true)
    expect(canonicalBytes(index).toString()).toMatch(
      /^\{"channels":\{"canary":"1.1.0","stable":null\},"events"/,
    )
  })

  it('verifies a signed index read back from its file', () => {
    expect(verifyIndex(reread(signed(2)), publicKey())).toMatchObject({ ok: true })
    expect(
      verifyIndex(reread(signed(2)), publicKey(), { after: reread(signed(1)), line: 'web' }),
    ).toMatchObject({ ok: true })
  })

  const other = generateKeyPairSync('ed25519').publicKey
  it.each([
    [
      'one byte changed in signed',
      () =>
        verifyIndex(
          reread(signed(2), (t) => t.replace('"1.2.0"', '"1.2.1"')),
          publicKey(),
        ),
      'bad_signature',
    ],
    ['a signature by another key', () => verifyIndex(reread(signed(2)), other), 'bad_signature'],
    [
      'an unsigned index',
      () => verifyIndex(reread(signIndex(indexAt(2), null)), publicKey()),
      'bad_signature',
    ],
    [
      'an older index replayed after a newer one',
      () => verifyIndex(reread(signed(1)), publicKey(), { after: reread(signed(2)) }),
      'not_increasing',
    ],
    [
      'the same index again',
      () => verifyIndex(reread(signed(2)), publicKey(), { after: reread(signed(2)) }),
      'not_increasing',
    ],
    [
      'an index of another line',
      () => verifyIndex(reread(signed(3, 'api')), publicKey(), { after: reread(signed(2)) }),
      'wrong_line',
    ],
    [
      'an index of another line, named',
      () => verifyIndex(reread(signed(3, 'api')), publicKey(), { line: 'web' }),
      'wrong_line',
    ],
  ])('refuses %s', (_, check, reason) => {
    const result = check()
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.reason).toBe(reason)
  })

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no signed part', '{"signatures": []}', 'not a release index: signed'],
    [
      'an extra key in signed',
      JSON.stringify({ ...signed(1), signed: { ...indexAt(1), extra: 1 } }),
      'not a release index',
    ],
    ['a sequence of zero', JSON.stringify(signIndex(emptyIndex('web', AT), null)), 'signed.sequence'],
  ])('calls %s malformed', (_, text, message) => {
    const parsed = parseIndex(text)
    expect(!parsed.ok && parsed.error.reason).toBe('malformed')
    expect(!parsed.ok && parsed.error.message).toContain(message)
  })
})
