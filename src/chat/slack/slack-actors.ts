/**
 * The Slack actor: the user id from the signed request, and the user groups
 * Slack's Web API says the user is in (`usergroups.list` with members; needs
 * the `usergroups:read` scope). Never anything the message text says.
 */
import type { webApi } from '@slack/bolt'
import type { Actor } from '../../flows/view.ts'
import { type ChatLog, errorField } from '../platform/log.ts'

type WebClient = webApi.WebClient

/** Group membership changes rarely; a minute of staleness saves a call per click. */
const GROUPS_TTL_MS = 60_000

export class SlackActors {
  readonly #client: WebClient
  readonly #log: ChatLog
  readonly #now: () => number
  #cache: { at: number; members: Promise<Map<string, string[]>> } | undefined
  #warned = false

  constructor(client: WebClient, log: ChatLog, now: () => number = Date.now) {
    this.#client = client
    this.#log = log
    this.#now = now
  }

  async resolve(userId: string, name?: string): Promise<Actor> {
    const groups = (await this.#groupsByUser()).get(userId) ?? []
    return { platform: 'slack', userId, roles: [], groups: [...groups], name }
  }

  #groupsByUser(): Promise<Map<string, string[]>> {
    const now = this.#now()
    if (!this.#cache || now - this.#cache.at > GROUPS_TTL_MS) {
      const fetched = this.#fetchGroups()
      const members = fetched.then((f) => f.byUser)
      this.#cache = { at: now, members }
      // A failed fetch is not cached: the next click tries again. An empty answer
      // (a workspace without user groups) is, like any other.
      fetched.then((f) => {
        if (!f.ok && this.#cache?.members === members) this.#cache = undefined
      })
    }
    return this.#cache.members
  }

  async #fetchGroups(): Promise<{ ok: boolean; byUser: Map<string, string[]> }> {
    const byUser = new Map<string, string[]>()
    try {
      const result = await this.#client.usergroups.list({ include_users: true })
      for (const group of result.usergroups ?? []) {
        if (!group.id) continue
        for (const user of group.users ?? []) byUser.set(user, [...(byUser.get(user) ?? []), group.id])
      }
      return { ok: true, byUser }
    } catch (error) {
      // Fail closed: without groups, only rules naming the user directly can match.
      if (!this.#warned)
        this.#log.warn(
          'slack: cannot read user groups; group rules in auth will not match',
          errorField(error),
        )
      this.#warned = true
      return { ok: false, byUser }
    }
  }
}
