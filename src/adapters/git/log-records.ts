/**
 * Reading the git forge's `git log` output. Records are split and parsed
 * from bytes, and only what planning reads is decoded: the fields and each
 * message's first line, plus, for the few messages whose body can change the
 * parse (`BODY_MARKERS`), the body from its first line that can (`footerStart`).
 * On 50,000 commits that is about 3 MB of text kept instead of 41 MB, and most
 * of the bytes are never decoded at all.
 */
import { BODY_MARKERS, footerStart } from '../../core/commit-message.ts'
import type { RawCommit } from '../../core/plan-release.ts'

// A record starts with NUL + RS: a commit message cannot hold a NUL, so the
// marker cannot be forged by a message.
// The author time is asked as a number (`%at`): git formats an ISO date (`%aI`) for
// about 6% of its time on a long log.
export const LOG_FORMAT = '--format=%x00%x1e%H%x1f%P%x1f%an%x1f%at%x1f%ct%x1f%B%x1f'
const RECORD = Buffer.from('\u0000\u001e')
const FIELD = 0x1f
const NEWLINE = 0x0a
const RETURN = 0x0d
const MARKERS = BODY_MARKERS.map((m) => Buffer.from(m, 'latin1'))

/** What the reader does with the file git writes: read it as it grows, and close it. */
export type LogFile = {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>
  close(): Promise<void>
}

/**
 * Reads the log file while git still writes it, handing over the bytes of
 * the whole records read so far (`data` up to `end`, valid only during the
 * call); returns the bytes of the last record once git has exited, or
 * nothing as soon as `onRecords` answers true (the reader has all it wants).
 */
export async function followRecords(
  file: Pick<LogFile, 'read'>,
  exited: Promise<number>,
  onRecords: (data: Buffer, end: number) => boolean | undefined,
): Promise<Buffer> {
  let status: number | null = null
  void exited.then(
    (code) => {
      status = code
    },
    () => {},
  )
  // One buffer, reused: the unfinished record is moved to its front and the
  // next read appended (it grows only for a record longer than itself).
  let buffer = Buffer.allocUnsafe(1 << 20)
  let kept = 0
  let position = 0
  for (;;) {
    const done = status !== null
    if (kept === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)])
    const { bytesRead } = await file.read(buffer, kept, buffer.length - kept, position)
    if (bytesRead === 0) {
      if (done) return buffer.subarray(0, kept)
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2))])
      continue
    }
    position += bytesRead
    const length = kept + bytesRead
    // Split at record markers (ASCII): a multi-byte character is never cut in two.
    const data = buffer.subarray(0, length)
    const end = data.lastIndexOf(RECORD)
    if (end > 0) {
      if (onRecords(data, end)) return Buffer.alloc(0)
      buffer.copy(buffer, 0, end, length)
      kept = length - end
    } else kept = length
  }
}

/**
 * Parses the records in `data[0, end)`, appending them to `into`, and each
 * one's committer time (unix seconds) to `times` when given.
 */
export function parseRecords(
  data: Buffer,
  end: number,
  withFiles: boolean,
  into: RawCommit[],
  times?: number[],
): void {
  const markers = markerScan(data)
  // Along a history a record's sha is most often the parent named by the record
  // before, and its author often that record's author: the string already made
  // is taken again (50,000 commits hold a sha and a parent each, 56 bytes apiece).
  let previousParent = ''
  let previousAuthor = ''
  let start = data.indexOf(RECORD)
  while (start >= 0 && start < end) {
    const from = start + RECORD.length
    let next = data.indexOf(RECORD, from)
    if (next < 0 || next > end) next = end
    start = next < end ? next : -1
    // Fields are short: a loop over their bytes beats a native call per field.
    const f1 = find(data, FIELD, from, next)
    const f2 = find(data, FIELD, f1 + 1, next)
    const f3 = find(data, FIELD, f2 + 1, next)
    const f4 = find(data, FIELD, f3 + 1, next)
    const f5 = find(data, FIELD, f4 + 1, next)
    // The message may hold a unit separator; the files follow the last one.
    const last = findLast(data, FIELD, f5 + 1, next)
    if (f1 < 0 || f2 < 0 || f3 < 0 || f4 < 0 || f5 < 0 || last < 0) continue
    const parents = data.toString('latin1', f1 + 1, f2)
    const commit: RawCommit = {
      sha: sameAscii(data, from, f1, previousParent) ? previousParent : data.toString('latin1', from, f1),
      parents: parents ? parents.split(' ') : [],
      author: sameAscii(data, f2 + 1, f3, previousAuthor)
        ? previousAuthor
        : data.toString('utf8', f2 + 1, f3),
      time: digits(data, f3 + 1, f4),
      message: keptMessage(data, f5 + 1, last, markers),
    }
    if (withFiles) {
      commit.files = data
        .toString('utf8', last + 1, next)
        .split('\u0000')
        .map((f) => f.replace(/^\n/, ''))
        .filter(Boolean)
    }
    into.push(commit)
    times?.push(digits(data, f4 + 1, f5))
    previousParent = commit.parents.length === 1 ? commit.parents[0]! : ''
    previousAuthor = commit.author
  }
}

/** Whether `data[from, to)` is ASCII and the same text as `text`. */
function sameAscii(data: Buffer, from: number, to: number, text: string): boolean {
  if (to - from !== text.length || text.length === 0) return false
  for (let i = 0; i < text.length; i++) {
    const byte = data[from + i]!
    if (byte >= 0x80 || byte !== text.charCodeAt(i)) return false
  }
  return true
}

/** The decimal number in `data[from, to)`. */
function digits(data: Buffer, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) n = n * 10 + data[i]! - 48
  return n
}

/**
 * The kept text of the message in `[from, to)`: its first line, unless the
 * body can change the parse; then the first line and the body from the first
 * line that can (`footerStart`, on the bytes decoded one per character).
 */
function keptMessage(data: Buffer, from: number, to: number, markers: MarkerScan): string {
  let start = from
  while (start < to && (data[start] === NEWLINE || data[start] === RETURN)) start++
  const newline = find(data, NEWLINE, start, to)
  if (newline < 0) return data.toString('utf8', from, to)
  if (!markers.within(newline, to)) return data.toString('utf8', from, newline)
  const body = newline + 1
  const cut = body + footerStart(data.toString('latin1', body, to))
  if (cut === body) return data.toString('utf8', from, to)
  if (cut >= to) return data.toString('utf8', from, newline)
  return data.toString('utf8', from, body) + data.toString('utf8', cut, to)
}

/**
 * The first `byte` in `data[from, to)`, or -1. A `from` of 0 is a search that
 * starts after a miss (-1 + 1; no field starts at a record's first byte): it misses too.
 */
function find(data: Buffer, byte: number, from: number, to: number): number {
  if (from <= 0) return -1
  for (let i = from; i < to; i++) if (data[i] === byte) return i
  return -1
}

/** The last `byte` in `data[from, to)`, or -1 (a `from` of 0: as `find`). */
function findLast(data: Buffer, byte: number, from: number, to: number): number {
  if (from <= 0) return -1
  for (let i = to - 1; i >= from; i--) if (data[i] === byte) return i
  return -1
}

type MarkerScan = { within(from: number, to: number): boolean }

/**
 * Whether a marker lies within a range, for ranges asked in increasing
 * order: each marker's next occurrence is found once and kept, so the chunk
 * is scanned once per marker (natively) however many records it holds.
 */
function markerScan(data: Buffer): MarkerScan {
  const next = MARKERS.map(() => -2)
  return {
    within(from, to) {
      for (let k = 0; k < MARKERS.length; k++) {
        if (next[k]! === -1) continue
        if (next[k]! < from) next[k] = data.indexOf(MARKERS[k]!, from)
        const at = next[k]!
        if (at >= 0 && at + MARKERS[k]!.length <= to) return true
      }
      return false
    },
  }
}
