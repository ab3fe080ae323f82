/** The announce flow wired to in-memory ports: one release, a drafter with good text, a recording poster. */
import { resolveVoice } from '../core/voice/voice-options.ts'
import type { AnnounceDeps } from '../flows/announce/announce-flow.ts'
import type { Poster } from '../ports/poster.ts'
import type { StateStore } from '../ports/store.ts'
import { drafterOf } from './fake-drafter.ts'
import { finderOf } from './fake-release-finder.ts'
import { RecordingPoster } from './recording-poster.ts'
import { AUTH, GOOD_TEXT } from './signoff-fixtures.ts'
import { TestClock } from './test-clock.ts'

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
