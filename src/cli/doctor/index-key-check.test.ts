import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { validate } from '../../config/load-config.ts'
import { checkIndexKey } from './local-checks.ts'

const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
/** RFC 8032's public key of the seed, and the key id hosts pin: its SHA-256. */
const KEYID = createHash('sha256')
  .update(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'))
  .digest('hex')
const config = (channels: boolean) => {
  const r = validate({ lines: [{ name: 'web', tagPrefix: 'v', ...(channels ? { channels: {} } : {}) }] }, 'x')
  if (!r.ok) throw new Error(r.errors.join())
  return r.config
}

describe('herald doctor on the release index key', () => {
  it.each([
    ['no line with channels: nothing to say', false, {}, []],
    ['channels without a key: unsigned', true, {}, [['note', 'is written unsigned']]],
    ['a bad key', true, { HERALD_INDEX_KEY: 'abc' }, [['fail', 'not a usable key']]],
    ['a good key: its id', true, { HERALD_INDEX_KEY: SEED }, [['ok', `signed, key id ${KEYID}`]]],
  ] as const)('%s', (_, channels, env, expected) => {
    const results = checkIndexKey(config(channels), env)
    expect(results.map((r) => [r.status, r.message])).toEqual(
      expected.map(([s, m]) => [s, expect.stringContaining(m)]),
    )
    for (const r of results) expect(r.message).not.toContain(SEED)
  })
})
