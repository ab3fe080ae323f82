/**
 * Who may do what, from the config's `auth` section.
 * Pure. Fails closed: an action without a rule is allowed to nobody but the
 * console user (the person at the terminal, who already holds the repository).
 * Every refusal says who can.
 */
import type { Bump, BumpOrNone } from './release-line.ts'

export type AuthAction = 'release' | 'approve' | 'announce' | 'promote' | 'rollback'
export type AuthRule = { users: string[]; roles: string[]; groups: string[] }
export type AuthConfig = {
  release?: AuthRule | undefined
  approve?: AuthRule | undefined
  announce?: AuthRule | undefined
  /** Absent: the `release` rule. */
  promote?: AuthRule | undefined
  /** Absent: the `release` rule. */
  rollback?: AuthRule | undefined
  twoPersonRule: Bump[]
}

export type AuthActor = {
  platform: 'slack' | 'discord' | 'console'
  userId: string
  roles: readonly string[]
  groups: readonly string[]
  name?: string | undefined
}

export type AuthRefusal = {
  ok: false
  code: 'no_rule' | 'not_allowed' | 'two_person'
  message: string
}
export type AuthDecision = { ok: true } | AuthRefusal

export type AuthContext = {
  /** Who started the release or announcement, for the two-person rule. */
  requester?: Person | undefined
  /**
   * Who changed what is being signed off (the author of the announcement's
   * revision, whoever chose the changelog a release writes): under the
   * two-person rule none of them may be the second person.
   */
  authors?: readonly Person[] | undefined
  bump?: BumpOrNone | undefined
}

type Person = { platform: string; userId: string; name?: string | undefined }

const VERBS: Record<AuthAction, string> = {
  release: 'cut releases',
  approve: 'approve announcements',
  announce: 'draft announcements',
  promote: 'promote releases',
  rollback: 'roll back releases',
}

/** The rule of `action` and the config key it comes from: promote and rollback fall back to release. */
function ruleOf(
  auth: AuthConfig | undefined,
  action: AuthAction,
): { rule: AuthRule | undefined; key: string } {
  if ((action === 'promote' || action === 'rollback') && !auth?.[action])
    return { rule: auth?.release, key: 'release' }
  return { rule: auth?.[action], key: action }
}

export function authorize(
  auth: AuthConfig | undefined,
  actor: AuthActor,
  action: AuthAction,
  context: AuthContext = {},
): AuthDecision {
  const verb = VERBS[action]
  const { rule, key } = ruleOf(auth, action)
  if (actor.platform !== 'console') {
    if (!rule || rule.users.length + rule.roles.length + rule.groups.length === 0) {
      return {
        ok: false,
        code: 'no_rule',
        // The actor's own id makes the rule to paste; ids are checked to be config-safe, else a placeholder.
        message: `Nobody may ${verb} from chat: the config has no \`auth.${key}\` rule. Add \`auth: {${key}: {users: [${configId(actor.userId)}]}}\` to herald.config.yaml (or roles / groups), or do it from the console (\`herald serve\` in a terminal).`,
      }
    }
    if (!matches(rule, actor)) {
      return {
        ok: false,
        code: 'not_allowed',
        message: `You may not ${verb}: allowed are ${describeRule(rule)}. Ask one of them, or ask a maintainer to add your id (${actor.userId}) under \`auth.${key}\`.`,
      }
    }
  }
  const { requester, bump, authors = [] } = context
  if (!bump || bump === 'none' || !auth?.twoPersonRule.includes(bump)) return { ok: true }
  const isActor = (p: Person) => p.platform === actor.platform && p.userId === actor.userId
  if (requester && isActor(requester)) {
    return {
      ok: false,
      code: 'two_person',
      message: `A ${bump} release needs a second person (\`auth.twoPersonRule\`): you started this, so someone else allowed to ${verb} must do this step.`,
    }
  }
  if (authors.some(isActor)) {
    return {
      ok: false,
      code: 'two_person',
      message: `A ${bump} release needs a second person (\`auth.twoPersonRule\`): you changed what this step signs off, so someone else allowed to ${verb} must do it.`,
    }
  }
  return { ok: true }
}

function configId(id: string): string {
  return /^[\w-]{1,64}$/.test(id) ? id : 'YOUR_USER_ID'
}

function matches(rule: AuthRule, actor: AuthActor): boolean {
  if (rule.users.includes(actor.userId)) return true
  // Roles are Discord's, user groups Slack's: each only counts on its own platform.
  if (actor.platform === 'discord' && actor.roles.some((r) => rule.roles.includes(r))) return true
  if (actor.platform === 'slack' && actor.groups.some((g) => rule.groups.includes(g))) return true
  return false
}

/** "users U1, U2; Discord roles R1; Slack user groups S1" */
function describeRule(rule: AuthRule): string {
  const parts: string[] = []
  if (rule.users.length) parts.push(`users ${rule.users.join(', ')}`)
  if (rule.roles.length) parts.push(`Discord roles ${rule.roles.join(', ')}`)
  if (rule.groups.length) parts.push(`Slack user groups ${rule.groups.join(', ')}`)
  return parts.join('; ')
}
