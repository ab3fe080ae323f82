/** In-memory ports and facts for the sign-off flow tests. */
import type { AuthConfig } from '../../src/core/authorize.ts'
import type { AnnouncementFacts } from '../../src/core/voice/facts.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import type { AnnounceDeps } from '../../src/flows/announce/announce-flow.ts'
import type { ReleaseFinder } from '../../src/flows/find-release.ts'
import type { Actor } from '../../src/flows/view.ts'
import type { Clock } from '../../src/ports/clock.ts'
import type { Draft, Drafter } from '../../src/ports/drafter.ts'
import type { Poster, PostOutcome } from '../../src/ports/poster.ts'
import type { StateStore } from '../../src/ports/store.ts'

export const FACTS: AnnouncementFacts = {
  product: 'connexity-cli',
  line: 'cli',
  kind: 'cli',
  tag: 'cli-v0.3.0',
  version: '0.3.0',
  previousVersion: '0.2.0',
  bump: 'minor',
  fixOnly: false,
  releaseUrl: 'https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0',
  action: 'uv tool upgrade connexity-cli',
  target: 'discord',
}

export const GOOD_TEXT = `🚀 connexity-cli v0.3.0 is out!

We added a compare command and faster polling.

✨ Compare two runs side by side (#12)
⚡ Polling uses less CPU (#14)

Upgrade: \`uv tool upgrade connexity-cli\`
Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0`

export const AUTH: AuthConfig = {
  announce: { users: ['U_REQ', 'U_APP'], roles: [], groups: [] },
  approve: { users: ['U_APP', 'U_APP2'], roles: ['R_MAINT'], groups: ['S_MAINT'] },
  release: { users: ['U_REQ', 'U_APP'], roles: [], groups: [] },
  twoPersonRule: ['major'],
}

export const actor = (
  userId: string,
  platform: Actor['platform'] = 'slack',
  extra: Partial<Actor> = {},
): Actor => ({
  platform,
  userId,
  roles: [],
  groups: [],
  name: userId.toLowerCase(),
  ...extra,
})

export class TestClock implements Clock {
  #t = Date.parse('2026-03-01T10:00:00.000Z')
  now(): Date {
    return new Date(this.#t)
  }
  advance(ms: number): void {
    this.#t += ms
  }
}

export function finderOf(facts: AnnouncementFacts = FACTS): ReleaseFinder {
  return {
    async find(tag) {
      if (tag !== undefined && tag !== facts.tag)
        return { ok: false, code: 'unknown_tag', message: `There is no tag "${tag}".` }
      return {
        ok: true,
        tag: facts.tag,
        facts,
        commits: [],
        line: { name: facts.line } as never,
      }
    },
  }
}

export function drafterOf(texts: string[]): Drafter & { calls: number } {
  const drafter = {
    calls: 0,
    async draftAnnouncement(): Promise<Draft> {
      const text = texts[Math.min(drafter.calls++, texts.length - 1)]!
      return {
        text,
        structure: null,
        findings: [],
        ok: true,
        skip: null,
        provenance: {
          source: 'offline',
          model: null,
          calls: 0,
          promptTokens: 0,
          completionTokens: 0,
          repairs: 0,
          fallbackReason: null,
        },
      }
    },
  }
  return drafter
}

/** Records what it was asked to post and answers from a script (the last answer repeats). */
export class RecordingPoster implements Poster {
  readonly targetName = 'Discord'
  readonly maxLength = 2000
  readonly posted: string[] = []
  readonly #answers: Array<PostOutcome | 'hang'>
  constructor(
    answers: Array<PostOutcome | 'hang'> = [
      { status: 'posted', messageUrl: 'https://discord.com/channels/1/2/3' },
    ],
  ) {
    this.#answers = answers
  }
  post(text: string): Promise<PostOutcome> {
    this.posted.push(text)
    const answer = this.#answers[Math.min(this.posted.length - 1, this.#answers.length - 1)]!
    return answer === 'hang' ? new Promise(() => {}) : Promise.resolve(answer)
  }
}

export function announceDeps(
  store: StateStore,
  overrides: Partial<AnnounceDeps> & { poster?: Poster } = {},
): AnnounceDeps {
  const poster = overrides.poster ?? new RecordingPoster()
  return {
    store,
    clock: new TestClock(),
    auth: AUTH,
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster }),
    channels: { cli: '#announcements' },
    ...overrides,
  }
}
