/**
 * What a flow shows, platform-neutral. Flows return views; the chat
 * front-ends (Slack, Discord, console) only render them (DESIGN.md).
 */
import type { MessageRef } from '../ports/preview-updater.ts'

/** Who is acting, as the platform says (never as the message says). */
export type Actor = {
  platform: 'slack' | 'discord' | 'console'
  /** Platform user id (Slack `U…`, Discord snowflake, `console` for the terminal user). */
  userId: string
  /** Discord role ids of the member. */
  roles: string[]
  /** Slack user-group ids the user belongs to. */
  groups: string[]
  /** Display name, for messages only; never used to authorise. */
  name?: string | undefined
}

export type ViewBlock =
  | { kind: 'header'; text: string }
  /**
   * Light markdown: **bold**, `code`, [label](url) links that the flow itself
   * built, and a backslash before a backslash, backtick, `*`, `[` or `]` for the
   * character itself. Data goes in through `md()`.
   */
  | { kind: 'text'; text: string }
  /** Shown verbatim in a code block: notes, the announcement preview. */
  | { kind: 'code'; text: string }
  /** Labels are plain; values are light markdown. */
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  /** Light markdown, like `text`. */
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; text: string }

export type ViewAction = {
  /** Opaque id under 100 characters that routes a click back to its flow. */
  id: string
  label: string
  style: 'primary' | 'danger' | 'secondary'
  /** The action opens an editor (a modal) prefilled with `text`; its submit comes back with the edited text. */
  edit?: { title: string; text: string; maxLength: number } | undefined
}

export type View = {
  /** Only the requester sees it (Slack ephemeral, Discord ephemeral, the console always). */
  private: boolean
  blocks: ViewBlock[]
  actions: ViewAction[]
  /**
   * The record this view shows may change without a click (a `/release`
   * preview waiting for CI): the front-end tells `ChatFlows.shown` where it
   * showed it, so the message can be replaced when it changes.
   */
  updatable?: { recordId: string } | undefined
}

/** Arguments of a slash command, by option name (`line`, `bump`, `version`, `prerelease`, `tag`). */
export type CommandArgs = Record<string, string | undefined>

/** The seam every chat front-end calls: `/release`, `/announce-release`, button clicks and modal submits. */
export interface ChatFlows {
  command(actor: Actor, name: 'release' | 'announce-release', args: CommandArgs): Promise<View>
  /** A click on `ViewAction.id`; `text` is the submitted text of an edit action. */
  action(actor: Actor, actionId: string, input?: { text?: string | undefined }): Promise<View>
  /** Choices for a command option as the user types (Discord autocomplete for `line`). */
  complete(name: 'release' | 'announce-release', option: string, prefix: string): Promise<string[]>
  /** An `updatable` view was shown at `where` (the platform's reference to edit it later). */
  shown?(view: View, where: MessageRef): Promise<void>
}

/** A plain message: a notice, and optionally buttons. */
export function messageView(
  level: 'info' | 'warning' | 'error',
  text: string,
  actions: ViewAction[] = [],
): View {
  return { private: true, blocks: [{ kind: 'notice', level, text }], actions }
}

/**
 * Data (a commit subject, a person's name, a PR title, a check's name) as
 * light markdown that shows it exactly as written: it can never open or close
 * a code span, bold text or form a link. Each renderer then escapes it for its
 * platform (`src/chat/platform/light-markdown.ts`).
 */
export function md(data: string): string {
  return data.replace(/[\\`*[\]]/g, '\\$&')
}

/** Data as inline code. */
export function mdCode(data: string): string {
  return `\`${md(data)}\``
}
