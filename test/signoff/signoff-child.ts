/**
 * A Herald process for the multi-process sign-off tests: opens the shared
 * store, builds the real flows with the real Discord webhook poster, and
 * approves one draft `count` times at once. With `hangBeforeSend` it stops
 * right after winning the claim (and says so), so the parent can kill it
 * between claim and post.
 */
import { openStore, type StoreSpec } from '../../src/adapters/store/open-store.ts'
import { DiscordWebhookPoster } from '../../src/adapters/webhook/discord-webhook-poster.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import { ChatRouter } from '../../src/flows/chat-router.ts'
import { systemClock } from '../../src/ports/clock.ts'
import type { Poster } from '../../src/ports/poster.ts'
import { drafterOf } from '../../src/testing/fake-drafter.ts'
import { finderOf } from '../../src/testing/fake-release-finder.ts'
import { AUTH, actor, GOOD_TEXT } from '../../src/testing/signoff-fixtures.ts'

type Job = {
  store: StoreSpec
  namespace: string
  draftId: string
  revision: number
  count: number
  webhook: string
  hangBeforeSend?: boolean
  barrier?: boolean
}

const job = JSON.parse(process.argv[2]!) as Job
const store = await openStore(job.store, { namespace: job.namespace })
const discord = new DiscordWebhookPoster(new URL(job.webhook), { attemptTimeoutMs: 30_000, backoffMs: 1 })
const poster: Poster = job.hangBeforeSend
  ? {
      targetName: 'Discord',
      maxLength: 2000,
      post: () => {
        process.stdout.write('claimed\n')
        return new Promise(() => {})
      },
    }
  : discord
const flows = new ChatRouter({
  store,
  clock: systemClock,
  auth: AUTH,
  forge: null as never,
  lines: [],
  repoWebUrl: null,
  finder: finderOf(),
  drafter: drafterOf([GOOD_TEXT]),
  voice: resolveVoice(),
  posters: () => ({ ok: true, poster }),
})
const id = `a:ok:${job.draftId}:${job.revision}`
if (job.barrier) {
  // Both processes are set up before either approves: the race is between processes, not start-up times.
  process.stdout.write('ready\n')
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
  process.stdin.destroy()
}
const views = await Promise.all(
  Array.from({ length: job.count }, (_, i) => flows.action(actor(i % 2 ? 'U_APP' : 'U_APP2'), id)),
)
const headers = views.map((v) => v.blocks.find((b) => b.kind === 'header')?.text ?? 'refused')
process.stdout.write(`${JSON.stringify({ pid: process.pid, headers })}\n`)
await store.close()
