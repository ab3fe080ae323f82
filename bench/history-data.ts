/**
 * The recorded release histories in `bench/histories/`, and the code that turns
 * them back into git repositories.
 *
 * A history file is gzipped JSON Lines: one `repo` record (name, default branch,
 * head commit), then every commit oldest first (`c`: sha, parents, ISO date,
 * message, changed paths, optional author name) and every tag (`tag`: name,
 * sha). File contents were never recorded: a rebuilt commit writes its own sha
 * into each path it changed, so path-scoped lines see the same changes.
 *
 * The repositories are written through `git fast-import` rather than one
 * `git commit` per commit: thousands of commits then take a second, not minutes.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { z } from 'zod'

const repoRecord = z.object({
  t: z.literal('repo'),
  name: z.string(),
  head: z.string(),
  branch: z.string(),
})
const commitRecord = z.object({
  t: z.literal('c'),
  sha: z.string(),
  parents: z.array(z.string()),
  date: z.string(),
  message: z.string(),
  files: z.array(z.string()),
  author: z.string().optional(),
})
const tagRecord = z.object({ t: z.literal('tag'), name: z.string(), sha: z.string() })
const record = z.discriminatedUnion('t', [repoRecord, commitRecord, tagRecord])

export type RecordedCommit = z.infer<typeof commitRecord>
export type RecordedHistory = {
  repo: z.infer<typeof repoRecord>
  commits: RecordedCommit[]
  tags: { name: string; sha: string }[]
}

/** Reads and checks one `NAME.jsonl.gz`; a malformed record names the file and its line. */
export function readRecordedHistory(file: string): RecordedHistory {
  const text = gunzipSync(readFileSync(file)).toString('utf8')
  let repo: RecordedHistory['repo'] | null = null
  const commits: RecordedCommit[] = []
  const tags: RecordedHistory['tags'] = []
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    const parsed = record.safeParse(JSON.parse(line))
    if (!parsed.success)
      throw new Error(`history record unreadable: ${file}:${i + 1} (${parsed.error.message})`)
    const r = parsed.data
    if (r.t === 'repo') repo = r
    else if (r.t === 'c') commits.push(r)
    else tags.push({ name: r.name, sha: r.sha })
  })
  if (!repo) throw new Error(`history has no repo record: ${file}`)
  return { repo, commits, tags }
}

/** fast-import's `data` command: the byte length, then the bytes. */
const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`
/** fast-import quotes a path with C-style escapes; paths with other characters are skipped. */
const quotePath = (path: string) => `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
const printable = (path: string) => /^[\x20-\x7e]+$/.test(path)

/** Streams a fast-import script into a new repository at `dir` (which must not exist yet). */
async function fastImport(dir: string, branch: string, script: Iterable<string>): Promise<void> {
  await run('git', ['init', '-q', '-b', branch, dir])
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], {
    stdio: ['pipe', 'inherit', 'inherit'],
  })
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
  let chunk: string[] = []
  for (const piece of script) {
    chunk.push(piece)
    if (chunk.length < 2000) continue
    if (!child.stdin.write(chunk.join(''))) await new Promise((r) => child.stdin.once('drain', r))
    chunk = []
  }
  child.stdin.end(`${chunk.join('')}done\n`)
  const code = await closed
  if (code !== 0) throw new Error(`git fast-import failed in ${dir}: exit ${code}`)
  await run('git', ['-C', dir, 'reset', '-q', '--hard'])
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed: exit ${code}`)),
    )
  })
}

function* historyScript(history: RecordedHistory): Generator<string> {
  const marks = new Map<string, number>()
  // Every commit goes onto the branch in file order; the branch is then set to the recorded head.
  const branch = `refs/heads/${history.repo.branch}`
  for (const [i, c] of history.commits.entries()) {
    marks.set(c.sha, i + 1)
    const when = Math.floor(Date.parse(c.date) / 1000)
    const who = c.author ? `${c.author} <author@example.invalid>` : 'Bench <bench@example.invalid>'
    const parents = c.parents.flatMap((p) => (marks.has(p) ? [marks.get(p)!] : []))
    // A second root starts from an emptied branch; otherwise fast-import would hang it on the tip.
    let out = parents.length === 0 && i > 0 ? `reset ${branch}\n\n` : ''
    out += `commit ${branch}\nmark :${i + 1}\nauthor ${who} ${when} +0000\ncommitter ${who} ${when} +0000\n`
    out += data(c.message)
    out += parents.length ? `from :${parents[0]}\n` : 'deleteall\n'
    for (const p of parents.slice(1)) out += `merge :${p}\n`
    for (const f of c.files.filter(printable)) out += `M 100644 inline ${quotePath(f)}\n${data(c.sha)}`
    yield `${out}\n`
  }
  for (const t of history.tags) {
    if (marks.has(t.sha)) yield `reset refs/tags/${t.name}\nfrom :${marks.get(t.sha)}\n\n`
  }
  const head = marks.get(history.repo.head)
  if (head) yield `reset ${branch}\nfrom :${head}\n\n`
}

/** Rebuilds a recorded history at `dir`: the same graph, messages, dates, paths and tags. */
export async function buildHistoryRepo(history: RecordedHistory, dir: string): Promise<void> {
  await fastImport(dir, history.repo.branch, historyScript(history))
}

function* bigScript(messages: readonly string[], count: number): Generator<string> {
  const start = 1_600_000_000
  for (let i = 0; i < count; i++) {
    const message = i === 0 ? 'feat: initial\n' : messages[i % messages.length]!
    const when = start + i * 60
    const who = `Bench <bench@example.invalid> ${when} +0000`
    let out = `commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n${data(message)}`
    if (i > 0) out += `from :${i}\n`
    out += `M 100644 inline src/f${i % 500}.txt\n${data(String(i))}\n`
    if (i === 0) out += 'reset refs/tags/v1.0.0\nfrom :1\n\n'
    yield out
  }
}

/**
 * A linear repository of `count` commits since one tag `v1.0.0` on the first:
 * the worst case of "everything since the last release". The messages are the
 * recorded histories' own single-parent, non-release commits, cycled.
 */
export async function buildBigRepo(histories: RecordedHistory[], dir: string, count: number): Promise<void> {
  const messages = histories.flatMap((h) =>
    h.commits
      .filter((c) => c.parents.length <= 1 && !/release/.test(c.message.split('\n')[0]!.slice(0, 30)))
      .map((c) => c.message),
  )
  if (messages.length === 0) throw new Error('no commit messages in the recorded histories')
  await fastImport(dir, 'main', bigScript(messages, count))
}
