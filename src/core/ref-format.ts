/**
 * git's ref-name rules (`git check-ref-format`), in pure code so the config
 * check can refuse a tag prefix or a branch git would refuse at the cut,
 * without running git. Mirrors git's `check_refname_format` (refs.c); a test
 * compares the two on a table of names.
 */

const FORBIDDEN_CHAR = /[\u0000-\u0020\u007F~^:?*[\\]/u

/** Why git would refuse `name` as a ref, or null when it is a valid ref name. */
export function refNameProblem(name: string, options: { allowOnelevel?: boolean } = {}): string | null {
  if (name === '') return 'it is empty'
  if (name === '@') return 'it is the single character @'
  if (name.startsWith('/') || name.endsWith('/')) return 'it begins or ends with /'
  if (name.endsWith('.')) return 'it ends with .'
  if (name.includes('..')) return 'it contains ..'
  if (name.includes('@{')) return 'it contains @{'
  const bad = name.match(FORBIDDEN_CHAR)
  if (bad)
    return `it contains ${bad[0].charCodeAt(0) <= 0x20 || bad[0] === '\u007F' ? 'a space or control character' : bad[0]}`
  const parts = name.split('/')
  if (parts.some((p) => p === '')) return 'it contains //'
  if (parts.some((p) => p.startsWith('.'))) return 'a part begins with .'
  if (parts.some((p) => p.endsWith('.lock'))) return 'a part ends with .lock'
  if (!options.allowOnelevel && parts.length < 2) return 'it has no /'
  return null
}

/** Why `git check-ref-format --branch` would refuse `branch`, or null. */
export function branchNameProblem(branch: string): string | null {
  if (branch.startsWith('-')) return 'it begins with -'
  if (branch === 'HEAD') return 'it is HEAD'
  return refNameProblem(`refs/heads/${branch}`)
}

/**
 * Why tags made of `prefix` and a version would be refused or ambiguous, or
 * null: the tag `<prefix>1.0.0-rc.1` must be a valid ref name, must not read as
 * a command-line option (`-`) nor as a full ref (`refs/…`, which git resolves
 * before tags of that name).
 */
export function tagPrefixProblem(prefix: string): string | null {
  if (prefix.startsWith('-')) return 'its tags would begin with -, which git reads as an option'
  if (/^(?:refs|heads|tags|remotes)\//u.test(prefix) || prefix === 'refs/')
    return `its tags would begin with ${prefix.split('/')[0]}/, which git resolves as another ref first`
  for (const version of ['1.0.0', '1.0.0-rc.1']) {
    const problem = refNameProblem(`refs/tags/${prefix}${version}`)
    if (problem) return `git refuses its tags (${prefix}${version}): ${problem}`
  }
  return null
}
