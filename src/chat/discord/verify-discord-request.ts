/**
 * Discord interaction signing
 * (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers):
 * Ed25519 over `timestamp + raw body` with the application's public key. On
 * top of Discord's rule, a timestamp more than five minutes off is refused so a
 * captured request cannot be replayed later. No state; the clock is passed in.
 * node:crypto verifies Ed25519 natively, so no extra package is needed.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto'

export const DISCORD_MAX_SKEW_SECONDS = 5 * 60

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** The application's public key (64 hex characters, from the Developer Portal) as a key object. */
export function parseDiscordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex.trim()))
    throw new Error(
      'Discord: DISCORD_PUBLIC_KEY must be the 64 hex characters shown on the application’s General Information page',
    )
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), 'hex')]),
    format: 'der',
    type: 'spki',
  })
}

export type DiscordVerifyFailure = 'missing-headers' | 'bad-timestamp' | 'stale' | 'future' | 'bad-signature'

/**
 * Resolves with the failure, or undefined when the request is Discord's. The
 * Ed25519 check (a quarter of a millisecond of CPU) runs on libuv's thread
 * pool, not on the event loop, so a burst of interactions does not queue every
 * ack behind every other request's signature check.
 */
export async function verifyDiscordSignature(input: {
  publicKey: KeyObject
  signature: string | undefined
  timestamp: string | undefined
  rawBody: Buffer
  nowMs: number
}): Promise<DiscordVerifyFailure | undefined> {
  const { signature, timestamp } = input
  if (!signature || !timestamp) return 'missing-headers'
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad-timestamp'
  const skew = Number(timestamp) - Math.floor(input.nowMs / 1000)
  if (skew < -DISCORD_MAX_SKEW_SECONDS) return 'stale'
  if (skew > DISCORD_MAX_SKEW_SECONDS) return 'future'
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return 'bad-signature'
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), input.rawBody])
  const valid = await new Promise<boolean>((resolve) => {
    try {
      verify(null, signed, input.publicKey, Buffer.from(signature, 'hex'), (error, ok) =>
        resolve(!error && ok),
      )
    } catch {
      resolve(false)
    }
  })
  return valid ? undefined : 'bad-signature'
}
