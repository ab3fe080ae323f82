/**
 * The state port: where pending plans, announcement drafts and the audit log
 * live. Backed by keyv 5 (SQLite on `node:sqlite`, Redis, memory);
 * `claim` is the one primitive every once-only transition goes through.
 */

/** One line of the audit log: who did what, when, to which plan or draft, with the hash of what they saw. */
export type AuditEntry = {
  /** ISO 8601 time, from the injected clock. */
  at: string
  actor: { platform: string; userId: string; name?: string | undefined }
  /** `release:<id>`, `announce:<id>`, `backport:<pr>-to-<line>` or `console` (sign-ins). */
  subject: string
  /** The transition (`planned`, `approved`, `posted`, …) or, for a refusal, the one that was attempted. */
  action: string
  outcome: 'done' | 'refused'
  /** State before and after (the same for a refusal). */
  from: string | null
  to: string | null
  /** `sha256:…` of the plan or of the announcement text the actor saw. */
  hash?: string | undefined
  /** Release tag, revision, error code, refusal reason. */
  detail?: string | undefined
}

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>
  /** `ttlMs` undefined: kept until deleted. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Insert `value` under `key` unless a live value is there: true when this call
   * inserted it. Atomic across processes sharing the backend. When `audit` is
   * given it is appended in the same atomic step, so the log never disagrees
   * with the state, even if the process dies right after.
   */
  claim(key: string, value: string, ttlMs: number, audit?: AuditEntry): Promise<boolean>
  /** The value a claim stored, or undefined when the key is free (or expired). */
  readClaim(key: string): Promise<string | undefined>
  /**
   * A small set of strings under `key`, for the sign-off log's index of
   * records in flight (`cutting`, `posting`) that the startup sweep reads.
   * Adding or removing one member is atomic; the list has no order.
   */
  addToIndex(key: string, member: string): Promise<void>
  removeFromIndex(key: string, member: string): Promise<void>
  listIndex(key: string): Promise<string[]>
  /** Append to the audit log on its own (refusals). */
  appendAudit(entry: AuditEntry): Promise<void>
  /** The audit log, oldest first; `limit` keeps the newest entries. */
  listAudit(options?: { limit?: number | undefined }): Promise<AuditEntry[]>
  close(): Promise<void>
}
