// The Node.js version Herald needs is `engines.node` in package.json (the
// newest any dependency asks for; a test checks the lockfile): read from there
// so the start-up check and the manifest can never disagree. Plain JavaScript
// with no dependency, so it can run before anything else is known to work.
import { readFileSync } from 'node:fs'

/** `engines.node` (`>=MAJOR.MINOR[.PATCH]`) as numbers. */
export function requiredNode() {
  const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(engines.node)
  if (!match) throw new Error(`package.json engines.node must read >=MAJOR.MINOR.PATCH (${engines.node})`)
  const [, major, minor, patch = '0'] = match
  return { text: `${major}.${minor}.${patch}`, parts: [Number(major), Number(minor), Number(patch)] }
}

/** Whether `version` (`24.1.0`, `v22.18.0`) is older than `parts`. */
export function olderThan(version, parts) {
  const have = version.replace(/^v/, '').split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== parts[i]) return (have[i] ?? 0) < parts[i]
  }
  return false
}
