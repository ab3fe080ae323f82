/**
 * A JSON document written in pieces, byte for byte as `JSON.stringify` prints
 * it: the plan of a 50,000-commit release is never held as one string of
 * many megabytes (nor its copy on the way out). For plain data (no `toJSON`);
 * arrays are written an element at a time, other values whole.
 */
export function writeJson(value: unknown, out: (text: string) => void): void {
  let pending = ''
  const emit = (text: string) => {
    pending += text
    if (pending.length >= 1 << 16) {
      out(pending)
      pending = ''
    }
  }
  if (Array.isArray(value) || !isPlainObject(value)) writeValue(value, emit)
  else {
    emit('{')
    let first = true
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function') continue
      emit(`${first ? '' : ','}${JSON.stringify(key)}:`)
      writeValue(item, emit)
      first = false
    }
    emit('}')
  }
  out(`${pending}\n`)
}

/**
 * An array whose elements are written as `project` maps them, a few hundred
 * at a time: the plan of a big release never holds the mapped copy of all
 * its rows (50,000 objects for 50,000 commits). Mapping each piece and
 * printing it plainly is about twice as fast, on a single cold run, as
 * printing the rows with JSON.stringify's list of keys.
 */
export class JsonRows<T = unknown> {
  readonly rows: readonly T[]
  readonly project: (row: T) => unknown
  constructor(rows: readonly T[], project: (row: T) => unknown) {
    this.rows = rows
    this.project = project
  }
}

function writeValue(value: unknown, emit: (text: string) => void): void {
  if (typeof value === 'string' && value.length > PIECE) {
    writeLongString(value, emit)
    return
  }
  const rows = value instanceof JsonRows ? value.rows : value
  if (!Array.isArray(rows)) {
    emit(JSON.stringify(value) ?? 'null')
    return
  }
  const piece = (from: number) => {
    const part = rows.slice(from, from + ELEMENTS)
    return value instanceof JsonRows ? part.map(value.project) : part
  }
  // A few hundred elements a piece: as JSON.stringify prints the whole array, in fewer calls.
  emit('[')
  for (let i = 0; i < rows.length; i += ELEMENTS) {
    emit(`${i ? ',' : ''}${JSON.stringify(piece(i)).slice(1, -1)}`)
  }
  emit(']')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

const PIECE = 1 << 16
const ELEMENTS = 500

/**
 * A long string (the notes of a big release) escaped a piece at a time. A
 * piece never ends between the two halves of a surrogate pair: each half
 * alone would be escaped as `\\udXXX`.
 */
function writeLongString(text: string, emit: (text: string) => void): void {
  emit('"')
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + PIECE, text.length)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
    emit(JSON.stringify(text.slice(start, end)).slice(1, -1))
    start = end
  }
  emit('"')
}
