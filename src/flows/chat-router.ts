/**
 * `ChatRouter`, the seam the Slack, Discord and console front-ends call:
 * checks slash-command arguments against the command definitions and routes
 * them and every click (parsed by the one action table) to the release and
 * announcement flows. Every click is authorised again inside the flow;
 * nothing here trusts the client.
 */
import { findCommand } from '../../commands/index.ts'
import { renderUsageError, validateCommandArgs } from '../../commands/parse-args.ts'
import type { Bump, ReleaseLine } from '../core/release-line.ts'
import { type ActionName, type ActionParams, parseActionId } from './actions.ts'
import { type AnnounceDeps, AnnounceFlow } from './announce/announce-flow.ts'
import type { BackportDeps } from './backport/backport.ts'
import { backportCommand } from './backport/backport-view.ts'
import { channelStatus, statusView } from './release/channels/channel-status.ts'
import { type ReleaseDeps, ReleaseFlow } from './release/release-flow.ts'
import type { ChannelMove } from './release/release-record.ts'
import type { Actor, ChatFlows, CommandArgs, View } from './view.ts'
import { messageView } from './view.ts'

export type ChatRouterDeps = Omit<ReleaseDeps, 'lines'> &
  Omit<AnnounceDeps, never> & {
    lines: readonly ReleaseLine[]
    /** Sign-in links to the web console (`/release console`), with `HERALD_PUBLIC_URL`. */
    consoleLinks?: { linkView(actor: Actor): Promise<View> } | undefined
    /** `/release backport`: absent, a backport says it cannot be made here. */
    backports?: BackportDeps['backports']
  }

const CONSOLE_OFF =
  'The web console is not set up here: whoever runs Herald sets `HERALD_PUBLIC_URL` and `PORT` (docs/web-console.md).'

type Handler<N extends ActionName> = (
  r: ChatRouter,
  a: Actor,
  p: ActionParams<N>,
  text?: string,
) => Promise<View>

const HANDLERS: { [N in ActionName]: Handler<N> } = {
  'announce.approve': (r, a, p) => r.announce.approve(a, p.id, p.rev),
  'announce.edit': (r, a, p, text) => r.announce.edit(a, p.id, p.rev, text),
  'announce.regenerate': (r, a, p) => r.announce.regenerate(a, p.id, p.rev),
  'announce.useModelDraft': (r, a, p) => r.announce.useModelDraft(a, p.id, p.rev),
  'announce.cancel': (r, a, p) => r.announce.cancel(a, p.id),
  'announce.retry': (r, a, p) => r.announce.retry(a, p.id),
  'announce.markPosted': (r, a, p) => r.announce.markPosted(a, p.id),
  'announce.anyway': (r, a, p) => r.announce.start(a, p.tag, true),
  'announce.again': (r, a, p) => r.announce.start(a, p.tag, false, true),
  'release.cut': (r, a, p) => r.release.cut(a, p.id),
  'release.override': (r, a, p) => r.release.override(a, p.id),
  'release.cancel': (r, a, p) => r.release.cancel(a, p.id),
  'release.retry': (r, a, p) => r.release.retry(a, p.id),
  'release.changelog': (r, a, p) => r.release.chooseChangelog(a, p.id, p.choice, p.hash),
  'release.announce': (r, a, p) => r.announce.start(a, p.tag),
}

export class ChatRouter implements ChatFlows {
  readonly release: ReleaseFlow
  readonly announce: AnnounceFlow
  readonly #lines: readonly ReleaseLine[]
  readonly #deps: ChatRouterDeps

  constructor(deps: ChatRouterDeps) {
    this.#lines = deps.lines
    this.#deps = deps
    this.release = new ReleaseFlow(deps)
    this.announce = new AnnounceFlow(deps)
  }

  async command(actor: Actor, name: 'release' | 'announce-release', raw: CommandArgs): Promise<View> {
    const checked = validateCommandArgs(findCommand(name)!, raw)
    if (!checked.ok) return messageView('error', checked.error)
    const args = checked.value
    if (name === 'announce-release') return this.announce.start(actor, args.tag)
    if (args.action === 'status') return statusView(await channelStatus(this.#deps, args.line))
    if (args.action === 'console') return this.#consoleLink(actor, args)
    if (args.action === 'backport') return backportCommand(this.#deps, actor, args)
    const problem = moveProblem(args)
    if (problem) return messageView('error', renderUsageError(findCommand(name)!, problem))
    return this.release.start(actor, {
      line: args.line,
      bump: (args.bump ?? 'auto') as 'auto' | Bump,
      version: args.version,
      prerelease: args.prerelease,
      next: args.next,
      move: args.action as ChannelMove | undefined,
      reason: args.reason,
      ticket: args.ticket,
    })
  }

  #consoleLink(actor: Actor, args: CommandArgs): Promise<View> {
    if (Object.entries(args).some(([name, value]) => name !== 'action' && value !== undefined))
      return Promise.resolve(
        messageView(
          'error',
          renderUsageError(findCommand('release')!, '`/release console` takes no other arguments.'),
        ),
      )
    return this.#deps.consoleLinks?.linkView(actor) ?? Promise.resolve(messageView('error', CONSOLE_OFF))
  }

  async action(actor: Actor, actionId: string, input?: { text?: string | undefined }): Promise<View> {
    const parsed = parseActionId(actionId)
    if (!parsed)
      return messageView(
        'error',
        'Herald does not know this button (it may be from an older version): run the command again.',
      )
    const handler = HANDLERS[parsed.name] as Handler<typeof parsed.name>
    return handler(this, actor, parsed.params as never, input?.text)
  }

  async complete(name: 'release' | 'announce-release', option: string, prefix: string): Promise<string[]> {
    if (option !== 'line') return []
    void name
    // Several lines (`main,lts`): the names typed so far stay, the last one is completed.
    const cut = prefix.lastIndexOf(',') + 1
    const [typed, p] = [prefix.slice(0, cut), prefix.slice(cut).toLowerCase()]
    const named = new Set(typed.split(','))
    return (
      this.#lines
        .map((l) => l.name)
        .filter((n) => n.toLowerCase().startsWith(p) && !named.has(n))
        .map((n) => typed + n)
        // Discord takes choices of at most 100 characters.
        .filter((v) => v.length <= 100)
        .slice(0, 25)
    )
  }
}

/** Which arguments a channel move takes: the options that mean nothing to it are refused, not ignored. */
function moveProblem(args: CommandArgs): string | null {
  const move = args.action
  if (args.pr) return '`pr` goes with backport: `/release backport pr:123 line:NAME`.'
  if (!move)
    return args.reason || args.ticket ? '`reason` and `ticket` go with canary, promote or rollback.' : null
  if (move !== 'canary' && (args.bump || args.prerelease))
    return `\`/release ${move}\` takes no \`bump\` or \`prerelease\`: it moves a version already cut.`
  if (args.next) return `\`/release ${move}\` takes no \`next\`: it goes with a release that ends in .0.`
  if (move === 'canary' && args.version)
    return '`/release canary` plans the version itself: leave out `version`.'
  if (move === 'rollback' && (!args.version || !args.reason))
    return '`/release rollback` needs the VERSION to make stable again and a `reason:"…"`.'
  return null
}
