// npm links the bins of dependencies into node_modules/.bin but never the
// package's own; this links `herald` there for scripts run through npm.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const binDir = join(root, 'node_modules', '.bin')
const target = join(root, 'bin', 'herald.js')
mkdirSync(binDir, { recursive: true })
rmSync(join(binDir, 'herald'), { force: true })
symlinkSync(relative(binDir, target), join(binDir, 'herald'))
chmodSync(target, 0o755)
