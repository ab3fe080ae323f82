/**
 * The poster port: sends an approved announcement to its channel, once. It
 * never throws for an expected outcome, and it tells "certainly not posted"
 * (`failed`, safe to retry) from "may have been posted" (`unknown`: a person
 * must look at the channel before anything is sent again).
 */

export type PostOutcome =
  | { status: 'posted'; messageUrl: string | null }
  | { status: 'failed'; code: string; message: string }
  | { status: 'unknown'; code: string; message: string }

export interface Poster {
  /** For messages: "Discord", "Slack". */
  readonly targetName: string
  /** Longest text the target takes, in UTF-16 code units. */
  readonly maxLength: number
  /** Post `text` exactly; within `budgetMs` all told (retries and 429 waits included), then say how it ended. */
  post(text: string, budgetMs: number): Promise<PostOutcome>
}

/** Where a line's announcements go; a value, so a missing setting is explained rather than thrown. */
export type PosterLookup = (lineName: string) => { ok: true; poster: Poster } | { ok: false; message: string }
