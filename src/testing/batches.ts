/**
 * `list` cut at `cuts` (indexes in any order, clamped to the list), in order:
 * the batches a stream of it could hand over, some of them empty.
 */
export function cutAt<T>(list: readonly T[], cuts: readonly number[]): T[][] {
  const ends = [...cuts.map((c) => Math.min(c, list.length)).sort((a, b) => a - b), list.length]
  let from = 0
  return ends.map((end) => {
    const batch = list.slice(from, Math.max(from, end))
    from = Math.max(from, end)
    return batch
  })
}
