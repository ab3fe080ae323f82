/**
 * `herald serve` as a child process (`node bin/herald.js serve`), for the
 * shutdown and replica tests: its port from the "herald serving" log line,
 * its stderr, its exit. Tests kill what they start in afterEach.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient } from '@redis/client'
import { vi } from 'vitest'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'herald.js')

export type ServeProcess = {
  child: ChildProcess
  url: string
  stderr: () => string
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>
  /** Resolves once stderr contains `text`. */
  waitForLog: (text: string) => Promise<void>
  kill: () => void
}

/** Only what Herald needs, so nothing from the developer's environment leaks in. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...extra }
}

export async function startServe(cwd: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--repo', cwd], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  child.stdout!.resume()
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  )
  const waitForLog = (text: string) =>
    vi.waitFor(
      () => {
        if (!stderr.includes(text))
          throw new Error(`herald serve never logged ${JSON.stringify(text)}:\n${stderr}`)
      },
      { timeout: 30_000, interval: 20 },
    )
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  try {
    await waitForLog('"msg":"herald serving"')
  } catch (error) {
    kill()
    throw error
  }
  const serving = stderr.split('\n').find((l) => l.includes('"msg":"herald serving"'))!
  const { port } = JSON.parse(serving) as { port: number }
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => stderr, exited, waitForLog, kill }
}

/** `herald audit --json` in `cwd` with `env`: the audit entries. */
export async function readAudit(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ subject: string; action: string; outcome: string; from: string | null; to: string | null }[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'audit', '--json'], { cwd, env })
  return JSON.parse(stdout).entries
}

/**
 * Kills `replicas` and waits for their exits, closes `servers`, and deletes
 * this test's Redis keys: everything under `namespace`.
 */
export async function stopReplicas(
  replicas: ServeProcess[],
  servers: { close(): Promise<void> }[],
  redisUrl: string | undefined,
  namespace: string | undefined,
): Promise<void> {
  for (const r of replicas) r.kill()
  await Promise.all(replicas.map((r) => r.exited))
  await Promise.all(servers.map((s) => s.close()))
  if (!namespace || !redisUrl) return
  const redis = await createClient({ url: redisUrl }).connect()
  for await (const keys of redis.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 }))
    if (keys.length > 0) await redis.del(keys)
  await redis.quit()
}
