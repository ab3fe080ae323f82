/** Tag globs (`ignoreTags`): picomatch, with `/` treated as an ordinary character. */
import picomatch from 'picomatch'

const cache = new Map<string, (s: string) => boolean>()

export function matchesAnyGlob(name: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let test = cache.get(glob)
    if (!test) {
      test = picomatch(glob, { dot: true, contains: false, bash: true })
      cache.set(glob, test)
    }
    return test(name)
  })
}
