/**
 * `ChatFlows`, the seam the Slack, Discord and console front-ends call: routes
 * slash commands and clicks to the release and announcement flows. Every
 * click is authorised again inside the flow; nothing here trusts the client.
 */
import type { ReleaseLine } from '../core/release-line.ts'
import { type AnnounceDeps, AnnounceFlow } from './announce/announce-flow.ts'
import { messageView } from './announce/announce-views.ts'
import { type ReleaseDeps, ReleaseFlow } from './release/release-flow.ts'
import type { Actor, ChatFlows, CommandArgs, View } from './view.ts'

export type ChatRouterDeps = Omit<ReleaseDeps, 'lines'> &
  Omit<AnnounceDeps, never> & {
    lines: readonly ReleaseLine[]
  }

const ID = '[A-Za-z0-9_-]{6,24}'
const TAG = '[\\w./@+-]{1,80}'
const ROUTES: Array<[RegExp, (f: ChatRouter, a: Actor, m: string[], text?: string) => Promise<View>]> = [
  [new RegExp(`^a:ok:(${ID}):(\\d{1,4})$`), (f, a, m) => f.announce.approve(a, m[1]!, Number(m[2]))],
  [new RegExp(`^a:ed:(${ID}):(\\d{1,4})$`), (f, a, m, t) => f.announce.edit(a, m[1]!, Number(m[2]), t)],
  [new RegExp(`^a:rg:(${ID}):(\\d{1,4})$`), (f, a, m) => f.announce.regenerate(a, m[1]!, Number(m[2]))],
  [new RegExp(`^a:md:(${ID}):(\\d{1,4})$`), (f, a, m) => f.announce.useModelDraft(a, m[1]!, Number(m[2]))],
  [new RegExp(`^a:x:(${ID})$`), (f, a, m) => f.announce.cancel(a, m[1]!)],
  [new RegExp(`^a:rt:(${ID})$`), (f, a, m) => f.announce.retry(a, m[1]!)],
  [new RegExp(`^a:mp:(${ID})$`), (f, a, m) => f.announce.markPosted(a, m[1]!)],
  [new RegExp(`^a:any:(${TAG})$`), (f, a, m) => f.announce.start(a, m[1]!, true)],
  [new RegExp(`^r:cut:(${ID})$`), (f, a, m) => f.release.cut(a, m[1]!)],
  [new RegExp(`^r:ov:(${ID})$`), (f, a, m) => f.release.override(a, m[1]!)],
  [new RegExp(`^r:x:(${ID})$`), (f, a, m) => f.release.cancel(a, m[1]!)],
  [new RegExp(`^r:rt:(${ID})$`), (f, a, m) => f.release.retry(a, m[1]!)],
  [
    new RegExp(`^r:cl:(${ID}):([gf]):([0-9a-f]{16})$`),
    (f, a, m) => f.release.chooseChangelog(a, m[1]!, m[2] === 'g' ? 'grouped' : 'flat', m[3]!),
  ],
  [new RegExp(`^r:ann:(${TAG})$`), (f, a, m) => f.announce.start(a, m[1]!)],
]

const BUMPS = new Set(['auto', 'patch', 'minor', 'major'])

export class ChatRouter implements ChatFlows {
  readonly release: ReleaseFlow
  readonly announce: AnnounceFlow
  readonly #lines: readonly ReleaseLine[]

  constructor(deps: ChatRouterDeps) {
    this.#lines = deps.lines
    this.release = new ReleaseFlow(deps)
    this.announce = new AnnounceFlow(deps)
  }

  async command(actor: Actor, name: 'release' | 'announce-release', args: CommandArgs): Promise<View> {
    if (name === 'announce-release') return this.announce.start(actor, blank(args.tag))
    const bump = blank(args.bump) ?? 'auto'
    if (!BUMPS.has(bump))
      return messageView('error', `bump must be auto, patch, minor or major (got "${bump.slice(0, 20)}").`)
    return this.release.start(actor, {
      line: blank(args.line),
      bump: bump as 'auto',
      version: blank(args.version),
      prerelease: blank(args.prerelease),
    })
  }

  async action(actor: Actor, actionId: string, input?: { text?: string | undefined }): Promise<View> {
    for (const [pattern, run] of ROUTES) {
      const match = pattern.exec(actionId)
      if (match) return run(this, actor, match, input?.text)
    }
    return messageView(
      'error',
      'Herald does not know this button (it may be from an older version): run the command again.',
    )
  }

  async complete(name: 'release' | 'announce-release', option: string, prefix: string): Promise<string[]> {
    if (option !== 'line') return []
    void name
    const p = prefix.toLowerCase()
    return this.#lines
      .map((l) => l.name)
      .filter((n) => n.toLowerCase().startsWith(p))
      .slice(0, 25)
  }
}

function blank(value: string | undefined): string | undefined {
  const v = value?.trim()
  return v ? v : undefined
}
