/**
 * Bolt's `App`, loaded with no more of Bolt than Herald uses.
 *
 * - Bolt's App module rather than its index: the index also loads the Express
 *   and AWS Lambda receivers and every type module, none of which Herald uses
 *   (about 2 MiB of heap). Required, as the CommonJS
 *   module it is, so that `default` is the App class under Node and under the
 *   test runner alike.
 * - The Socket Mode client on first use: Bolt's App module loads its Socket
 *   Mode receiver, which loads `@slack/socket-mode` and with it the undici
 *   package (about 3.5 MiB of heap), even for HTTP. Bolt only reads
 *   `SocketModeClient` when it builds a Socket Mode receiver (with
 *   `SLACK_APP_TOKEN`), so the package's entry in Node's module cache starts as
 *   a stand-in whose `SocketModeClient` loads the real package then. Node has
 *   no option to defer one package's loading; the cache entry is how it is done
 *   without a loader hook on every import of the process.
 */
import { createRequire, Module } from 'node:module'

const require = createRequire(import.meta.url)
const boltRequire = createRequire(require.resolve('@slack/bolt/dist/receivers/SocketModeReceiver.js'))
const socketModePath = boltRequire.resolve('@slack/socket-mode')

if (!require.cache[socketModePath]) {
  const standIn = new Module(socketModePath)
  standIn.filename = socketModePath
  standIn.loaded = true
  let real: { SocketModeClient: unknown } | undefined
  standIn.exports = {
    get SocketModeClient() {
      if (!real) {
        // Out of the cache first, so that this require loads the package itself.
        delete require.cache[socketModePath]
        real = boltRequire(socketModePath) as { SocketModeClient: unknown }
      }
      return real.SocketModeClient
    },
  }
  require.cache[socketModePath] = standIn
}

const bolt = require('@slack/bolt/dist/App.js') as typeof import('@slack/bolt/dist/App.js')

export const App = bolt.default
export type App = InstanceType<typeof App>
export const { LogLevel } = bolt
