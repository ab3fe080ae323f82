/**
 * A configuration or environment Herald cannot start with (a bad config file,
 * an unknown `HERALD_STORE`, a malformed `GITHUB_API_URL`). The CLI prints its
 * message, one `herald:` line per line, and exits 2.
 */
export class SetupError extends Error {
  readonly code = 'setup'
  constructor(message: string) {
    super(message)
    this.name = 'SetupError'
  }
}
