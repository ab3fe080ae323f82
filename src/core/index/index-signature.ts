/**
 * Signing and verifying a release index: Ed25519 over the RFC 8785
 * canonical JSON of `signed`, with `keyid` the SHA-256 of the raw public
 * key. A host that loads the index checks the signature, the line, and that
 * the sequence grew since the index it trusted last (so an older index
 * served again, a rollback attack, is refused). Pure computation: keys come
 * in as text, nothing is read or written here.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import canonicalize from 'canonicalize'
import { z } from 'zod'
import { err, ok, type Result } from '../result.ts'
import type { IndexSigned, SignedIndex } from './release-index.ts'

/** DER headers of a bare Ed25519 key: PKCS#8 around a 32-byte seed, SPKI around a 32-byte public key. */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const HEX32 = /^[0-9a-fA-F]{64}$/

export type IndexKey = { privateKey: KeyObject; publicKeyHex: string; keyid: string }

/** The signing key from `HERALD_INDEX_KEY`: PKCS#8 PEM or a 32-byte hex seed. */
export function parsePrivateKey(text: string): Result<IndexKey, string> {
  const value = text.trim()
  let key: KeyObject
  try {
    key = HEX32.test(value)
      ? createPrivateKey({
          key: Buffer.concat([PKCS8_SEED_PREFIX, Buffer.from(value, 'hex')]),
          format: 'der',
          type: 'pkcs8',
        })
      : createPrivateKey({ key: value, format: 'pem' })
  } catch {
    return err('expected an Ed25519 private key as PKCS#8 PEM or a 32-byte hex seed (64 hex digits)')
  }
  if (key.asymmetricKeyType !== 'ed25519') return err(`expected an Ed25519 key, got ${key.asymmetricKeyType}`)
  const publicKeyHex = rawPublicKey(createPublicKey(key)).toString('hex')
  return ok({ privateKey: key, publicKeyHex, keyid: keyIdOf(publicKeyHex) })
}

/** A verifying key: 64 hex digits (the raw public key), or a PEM public (or private) key. */
export function parsePublicKey(text: string): Result<KeyObject, string> {
  const value = text.trim()
  try {
    const key = HEX32.test(value)
      ? createPublicKey({
          key: Buffer.concat([SPKI_PREFIX, Buffer.from(value, 'hex')]),
          format: 'der',
          type: 'spki',
        })
      : createPublicKey({ key: value, format: 'pem' })
    if (key.asymmetricKeyType !== 'ed25519')
      return err(`expected an Ed25519 key, got ${key.asymmetricKeyType}`)
    return ok(key)
  } catch {
    return err('expected an Ed25519 public key as 64 hex digits or a PEM file')
  }
}

/** The key id: `sha256` (hex) of the 32 raw public key bytes. */
export function keyIdOf(publicKeyHex: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex')
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length)
}

/** The RFC 8785 canonical JSON of `signed`: the exact bytes the signature covers. */
export function canonicalBytes(signed: IndexSigned): Buffer {
  return Buffer.from(canonicalize(signed)!, 'utf8')
}

/** The index with its signature; without a key, unsigned (no signatures). */
export function signIndex(signed: IndexSigned, key: IndexKey | null): SignedIndex {
  if (!key) return { signed, signatures: [] }
  const sig = sign(null, canonicalBytes(signed), key.privateKey).toString('hex')
  return { signed, signatures: [{ keyid: key.keyid, sig }] }
}

const nullableText = z.string().nullable()
const signedSchema = z.strictObject({
  schemaVersion: z.literal(1),
  line: z.string().min(1),
  sequence: z.number().int().min(1),
  issuedAt: z.string(),
  channels: z.strictObject({ stable: nullableText, canary: nullableText }),
  versions: z.array(
    z.strictObject({
      version: z.string(),
      tag: z.string(),
      sha: z.string(),
      publishedAt: z.string(),
      assets: z.array(z.strictObject({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
      rolledBack: z
        .strictObject({ at: z.string(), actor: z.string(), reason: z.string(), ticket: nullableText })
        .nullable(),
    }),
  ),
  events: z.array(
    z.strictObject({
      sequence: z.number().int().min(1),
      action: z.enum(['canary', 'promote', 'rollback']),
      version: z.string(),
      channel: z.enum(['stable', 'canary']),
      actor: z.string(),
      reason: nullableText,
      ticket: nullableText,
      at: z.string(),
    }),
  ),
})
const documentSchema = z.strictObject({
  signed: signedSchema,
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })),
})

export type IndexRefusal = {
  reason: 'malformed' | 'bad_signature' | 'wrong_line' | 'not_increasing'
  message: string
}

/** Parses an index document (JSON text); malformed when it is not one. */
export function parseIndex(text: string): Result<SignedIndex, IndexRefusal> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return err({ reason: 'malformed', message: `not JSON: ${(error as Error).message}` })
  }
  const parsed = documentSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return err({
      reason: 'malformed',
      message: `not a release index: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    })
  }
  return ok(parsed.data as SignedIndex)
}

/** Whether a signature by `key` covers the document's `signed`. */
export function signatureHolds(doc: SignedIndex, key: KeyObject): boolean {
  const keyid = keyIdOf(rawPublicKey(key).toString('hex'))
  const bytes = canonicalBytes(doc.signed)
  return doc.signatures.some(
    (s) =>
      s.keyid === keyid &&
      /^[0-9a-f]{128}$/.test(s.sig) &&
      verify(null, bytes, key, Buffer.from(s.sig, 'hex')),
  )
}

export type VerifyOptions = { line?: string | undefined; after?: SignedIndex | undefined }

/** What a host checks on every load: the signature, the line, and a sequence above the last one trusted. */
export function verifyIndex(
  doc: SignedIndex,
  key: KeyObject,
  options: VerifyOptions = {},
): Result<SignedIndex, IndexRefusal> {
  if (!doc.signatures.length)
    return err({ reason: 'bad_signature', message: 'the index is unsigned (Herald had no HERALD_INDEX_KEY)' })
  if (!signatureHolds(doc, key))
    return err({
      reason: 'bad_signature',
      message: 'no signature by this key holds over the index (changed, or signed by another key)',
    })
  const line = options.line ?? options.after?.signed.line
  if (line !== undefined && doc.signed.line !== line)
    return err({ reason: 'wrong_line', message: `the index is for line ${doc.signed.line}, not ${line}` })
  const previous = options.after?.signed.sequence
  if (previous !== undefined && doc.signed.sequence <= previous)
    return err({
      reason: 'not_increasing',
      message: `sequence ${doc.signed.sequence} is not higher than the ${previous} already trusted (an older index served again?)`,
    })
  return ok(doc)
}
