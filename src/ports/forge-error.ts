/**
 * The one error a forge (local git or GitHub) throws when it cannot answer.
 * Each adapter translates its own failures into it where they leave the
 * adapter, so the CLI and the flows handle one shape whichever forge runs.
 * A refused cut stays a `CutError`: that is an answer, not a failure to give one.
 */

/** Stable codes: callers choose exit statuses and wording by them, never by the message. */
export type ForgeErrorCode =
  /** The repository, ref or object does not exist (or the token cannot see it). */
  | 'not_found'
  /** The credentials are missing, expired or revoked. */
  | 'unauthorized'
  /** The credentials work but lack a permission. */
  | 'forbidden'
  /** The API's rate limit is spent and retries ran out. */
  | 'rate_limited'
  /** The forge could not be reached, failed, or answered something unexpected. */
  | 'unavailable'
  /** The request collides with the repository's state (a ref that exists already). */
  | 'conflict'
  /** The forge refused the request as sent, or a setting is malformed. */
  | 'invalid'
  /** The directory is not inside a git work tree. */
  | 'not_a_repository'
  /** `git` is not installed or not on PATH. */
  | 'git_missing'
  /** A git command failed for another reason (its first line of output says why). */
  | 'git_failed'

export class ForgeError extends Error {
  readonly code: ForgeErrorCode
  /**
   * @param message `what failed: why (value)`, then what to do; never a secret.
   */
  constructor(code: ForgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ForgeError'
    this.code = code
  }
}
