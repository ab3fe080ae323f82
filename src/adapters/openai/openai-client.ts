/**
 * What the OpenAI adapters (the announcement drafter and the changelog
 * grouper) share: their settings from the environment, and an SDK client whose
 * every HTTP attempt is counted with the tokens it used.
 */
import OpenAI from 'openai'
import type { ModelUsage } from '../../ports/drafter.ts'

export type OpenAiSettings = { apiKey: string; baseURL: string | undefined; model: string | undefined }

/** `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `HERALD_MODEL`; null without a key (the offline path is used). */
export function openAiSettingsFromEnv(env: NodeJS.ProcessEnv): OpenAiSettings | null {
  const apiKey = env.OPENAI_API_KEY?.trim()
  if (!apiKey) return null
  return {
    apiKey,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    model: env.HERALD_MODEL?.trim() || undefined,
  }
}

export type RecordingClient = {
  client: OpenAI
  /** The message content of the last successful HTTP answer, even one the SDK then rejects. */
  lastContent: () => string | null
}

/**
 * An SDK client that adds every HTTP attempt (retries included) and its token
 * usage to `usage`, reading each answer's body itself: the SDK reports usage
 * only for answers it accepts.
 */
export function createRecordingClient(
  options: { apiKey: string; baseURL: string | undefined; timeoutMs: number; maxRetries: number },
  usage: ModelUsage,
): RecordingClient {
  let lastContent: string | null = null
  const recordingFetch: typeof fetch = async (url, init) => {
    usage.calls++
    const response = await fetch(url, init)
    if (response.ok) {
      try {
        const body = (await response.clone().json()) as {
          usage?: { prompt_tokens?: number; completion_tokens?: number }
          choices?: { message?: { content?: string | null } }[]
        }
        usage.promptTokens += body.usage?.prompt_tokens ?? 0
        usage.completionTokens += body.usage?.completion_tokens ?? 0
        lastContent = body.choices?.[0]?.message?.content ?? null
      } catch {
        // Not JSON: the SDK reports that itself.
      }
    }
    return response
  }
  const client = createOpenAiClient({ ...options, fetch: recordingFetch })
  return { client, lastContent: () => lastContent }
}

/** The SDK client every OpenAI adapter (and `herald doctor`) uses, with its timeout and retry budget. */
export function createOpenAiClient(options: {
  apiKey: string
  baseURL: string | undefined
  timeoutMs: number
  maxRetries: number
  fetch?: typeof fetch | undefined
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
}
