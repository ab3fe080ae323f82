/**
 * The console's stand-in for a webhook: a line without `announce.webhook`
 * gets its approved announcement printed, marked as such, instead of posted.
 */
import type { Poster, PostOutcome } from '../../ports/poster.ts'

export class ConsolePoster implements Poster {
  readonly targetName = 'the console'
  readonly maxLength = 4000
  readonly #write: (text: string) => void

  constructor(write: (text: string) => void) {
    this.#write = write
  }

  async post(text: string): Promise<PostOutcome> {
    this.#write(
      `\n--- announcement (no webhook configured for this line; printed instead of posted) ---\n${text}\n--- end ---\n`,
    )
    return { status: 'posted', messageUrl: null }
  }
}
