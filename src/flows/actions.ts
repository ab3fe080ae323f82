/**
 * Every button a Herald view can carry, in one typed table: the views build
 * action ids from it and the chat router parses them back with it, so an id
 * is checked by one validator whatever the front-end (Slack, Discord, the
 * console). An id is `<code>:<param>:…`, under 100 characters with the
 * one-character prefix the transports add (Discord's `custom_id` limit).
 */

/**
 * A release tag as chat takes it: git's ref rules, narrowed (no spaces, no
 * `..`, no `:`), at most 80 characters so a button carrying it stays within
 * Discord's 100. `@scope/pkg@1.2.0` and `my_pkg-v1.0.0` are tags too.
 */
export const TAG_ARG = {
  pattern: /^(?!.*\.\.)[A-Za-z0-9_@][A-Za-z0-9_./@+-]*$/,
  maxLength: 80,
} as const

/** Whether `value` is a tag chat accepts (`TAG_ARG`). */
export function isTagArg(value: string): boolean {
  return value.length <= TAG_ARG.maxLength && TAG_ARG.pattern.test(value)
}

/**
 * Tags announced together (`v0.12.4,v2026.1.4`): tags separated by commas,
 * at most 80 characters in all, like one tag, so a button still carries them.
 */
export const TAG_LIST_ARG = {
  pattern: /^(?!.*\.\.)[A-Za-z0-9_@][A-Za-z0-9_./@+-]*(?:,[A-Za-z0-9_@][A-Za-z0-9_./@+-]*)*$/,
  maxLength: TAG_ARG.maxLength,
} as const

/** Whether `value` is one tag or several separated by commas (`TAG_LIST_ARG`). */
export function isTagListArg(value: string): boolean {
  return value.length <= TAG_LIST_ARG.maxLength && TAG_LIST_ARG.pattern.test(value)
}

type Params = {
  /** A sign-off record's id. */
  id: string
  /** The revision of an announcement draft the click saw. */
  rev: number
  tag: string
  choice: 'flat' | 'grouped'
  /** The first 16 hex digits of a CHANGELOG section's hash. */
  hash: string
}
type ParamName = keyof Params

const CODECS: {
  [P in ParamName]: { parse(s: string): Params[P] | undefined; format(v: Params[P]): string }
} = {
  id: { parse: (s) => (/^[A-Za-z0-9_-]{6,24}$/.test(s) ? s : undefined), format: (v) => v },
  rev: { parse: (s) => (/^\d{1,4}$/.test(s) ? Number(s) : undefined), format: (v) => String(v) },
  // One tag, or the tags of one announcement of several releases.
  tag: { parse: (s) => (isTagListArg(s) ? s : undefined), format: (v) => v },
  choice: {
    parse: (s) => (s === 'g' ? 'grouped' : s === 'f' ? 'flat' : undefined),
    format: (v) => (v === 'grouped' ? 'g' : 'f'),
  },
  hash: { parse: (s) => (/^[0-9a-f]{16}$/.test(s) ? s : undefined), format: (v) => shortHash(v) },
}

/** The actions, by name: the code on the wire and the parameters after it, in order. */
export const ACTIONS = {
  'announce.approve': { code: 'a:ok', params: ['id', 'rev'] },
  'announce.edit': { code: 'a:ed', params: ['id', 'rev'] },
  'announce.regenerate': { code: 'a:rg', params: ['id', 'rev'] },
  'announce.useModelDraft': { code: 'a:md', params: ['id', 'rev'] },
  'announce.cancel': { code: 'a:x', params: ['id'] },
  'announce.retry': { code: 'a:rt', params: ['id'] },
  'announce.markPosted': { code: 'a:mp', params: ['id'] },
  /** "Announce anyway" after the skip policy said a release is not announced by default. */
  'announce.anyway': { code: 'a:any', params: ['tag'] },
  /** "Announce again" after the warning that a release was announced already. */
  'announce.again': { code: 'a:ag', params: ['tag'] },
  'release.cut': { code: 'r:cut', params: ['id'] },
  'release.override': { code: 'r:ov', params: ['id'] },
  'release.cancel': { code: 'r:x', params: ['id'] },
  'release.retry': { code: 'r:rt', params: ['id'] },
  /** Choose the CHANGELOG section whose hash starts with `hash` (the one the click saw). */
  'release.changelog': { code: 'r:cl', params: ['id', 'choice', 'hash'] },
  /** **Announce** on a finished release. */
  'release.announce': { code: 'r:ann', params: ['tag'] },
} as const satisfies Record<string, { code: string; params: readonly ParamName[] }>

export type ActionName = keyof typeof ACTIONS
export type ActionParams<N extends ActionName> = { [P in (typeof ACTIONS)[N]['params'][number]]: Params[P] }
/** A parsed, validated action id. */
export type ParsedAction = { [N in ActionName]: { name: N; params: ActionParams<N> } }[ActionName]

/** The part of a section hash an action id carries: 16 hex digits. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 16)
}

/** The id of action `name` with `params`, for a view's button. */
export function actionId<N extends ActionName>(name: N, params: ActionParams<N>): string {
  const spec = ACTIONS[name]
  const values = spec.params.map((p: ParamName) => {
    const codec = CODECS[p] as { format(v: unknown): string }
    return codec.format((params as Record<string, unknown>)[p])
  })
  return [spec.code, ...values].join(':')
}

const BY_CODE = new Map<string, { name: ActionName; params: readonly ParamName[] }>(
  Object.entries(ACTIONS).map(([name, spec]) => [
    spec.code,
    { name: name as ActionName, params: spec.params },
  ]),
)

/** Parses and validates an action id; undefined for anything Herald did not make. */
export function parseActionId(id: string): ParsedAction | undefined {
  if (id.length > 99) return undefined
  const parts = id.split(':')
  const spec = BY_CODE.get(`${parts[0]}:${parts[1]}`)
  if (!spec || parts.length !== 2 + spec.params.length) return undefined
  const params: Record<string, unknown> = {}
  for (const [i, p] of spec.params.entries()) {
    const value = (CODECS[p] as { parse(s: string): unknown }).parse(parts[2 + i]!)
    if (value === undefined) return undefined
    params[p] = value
  }
  return { name: spec.name, params } as ParsedAction
}
