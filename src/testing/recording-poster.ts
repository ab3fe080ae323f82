import type { Poster, PostOutcome } from '../ports/poster.ts'

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
