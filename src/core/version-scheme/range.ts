/**
 * A line's range, as semantic-release writes its maintenance branches:
 * `1.x`, `1.x.x`, `1.2.x`, `2026.1.x`. A version is in the range when its
 * leading release segments equal the range's numbers. Pure.
 */

export type VersionRange = { text: string; fixed: number[] }

/** The range, or what is wrong with it. */
export function parseRange(text: string): VersionRange | string {
  const parts = text.split('.')
  const wild = (p: string) => p === 'x' || p === 'X' || p === '*'
  const firstWild = parts.findIndex(wild)
  const ok =
    parts.length <= 3 &&
    firstWild > 0 &&
    parts.slice(firstWild).every(wild) &&
    parts.slice(0, firstWild).every((p) => /^\d+$/.test(p))
  if (!ok)
    return `range "${text}": expected numbers then x, like 1.x, 1.2.x or 2026.1.x (the versions the line may release)`
  return { text, fixed: parts.slice(0, firstWild).map(Number) }
}

export function inRange(range: VersionRange, release: readonly number[]): boolean {
  return range.fixed.every((n, i) => release[i] === n)
}

/** The lowest version of the range: `1.2.x` starts at 1.2.0. */
export function rangeFloor(range: VersionRange): number[] {
  return [0, 1, 2].map((i) => range.fixed[i] ?? 0)
}
