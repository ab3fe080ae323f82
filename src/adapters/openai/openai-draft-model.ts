/**
 * The LLM behind the drafter: OpenAI's chat completions (or any compatible
 * server at `OPENAI_BASE_URL`) with structured output checked by zod. One
 * `propose` is one completion (the SDK retries timeouts, 429 and 5xx a
 * bounded number of times); every SDK error is translated here into a
 * `ModelReply`, so nothing above sees an OpenAI error.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from 'openai/error'
import { zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import { draftStructureSchema } from '../../core/voice/draft-structure.ts'
import type { DraftModel, ModelInput, ModelReply, ModelUsage } from '../../ports/drafter.ts'
import { buildMessages, type PromptFiles, readPromptFiles } from './announce-prompt.ts'
import { createRecordingClient, openAiSettingsFromEnv } from './openai-client.ts'

export type OpenAiModelOptions = {
  apiKey: string
  baseURL?: string | undefined
  model?: string | undefined
  /** Per request, in milliseconds (default 30 s). */
  timeoutMs?: number | undefined
  /** SDK retries of a failed request (default 2). */
  maxRetries?: number | undefined
  prompts?: PromptFiles | undefined
}

export const DEFAULT_MODEL = 'gpt-4o-mini'

/** The model the environment asks for, or null without `OPENAI_API_KEY` (the offline drafter is used). */
export function openAiModelFromEnv(env: NodeJS.ProcessEnv): OpenAiDraftModel | null {
  const settings = openAiSettingsFromEnv(env)
  return settings ? new OpenAiDraftModel(settings) : null
}

export class OpenAiDraftModel implements DraftModel {
  readonly name: string
  readonly #options: OpenAiModelOptions
  readonly #prompts: PromptFiles

  constructor(options: OpenAiModelOptions) {
    this.name = options.model ?? DEFAULT_MODEL
    this.#options = options
    this.#prompts = options.prompts ?? readPromptFiles()
  }

  async propose(input: ModelInput): Promise<ModelReply> {
    const usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0 }
    const { client, lastContent } = createRecordingClient(
      {
        apiKey: this.#options.apiKey,
        baseURL: this.#options.baseURL,
        timeoutMs: this.#options.timeoutMs ?? 30_000,
        maxRetries: this.#options.maxRetries ?? 2,
      },
      usage,
    )
    const invalid = (message: string): ModelReply => ({
      ok: false,
      kind: 'invalid',
      message,
      raw: lastContent(),
      usage,
    })
    try {
      const completion = await client.chat.completions.parse({
        model: this.name,
        messages: buildMessages(this.#prompts, input),
        response_format: zodResponseFormat(draftStructureSchema, 'announcement_draft'),
        temperature: 0.2,
      })
      const message = completion.choices[0]?.message
      if (!message) return invalid('the answer had no message')
      if (message.refusal) return invalid(`the model refused: ${clip(message.refusal)}`)
      if (!message.parsed) return invalid('the answer was empty')
      return { ok: true, structure: message.parsed, raw: message.content ?? '', usage }
    } catch (error) {
      if (error instanceof LengthFinishReasonError)
        return invalid('the answer was cut off at the token limit (finish_reason: length): answer shorter')
      if (error instanceof ContentFilterFinishReasonError)
        return invalid('the answer was stopped by the content filter')
      if (error instanceof z.ZodError)
        return invalid(`the answer did not match the schema: ${zodSummary(error)}`)
      if (error instanceof SyntaxError) {
        const salvaged = salvage(lastContent())
        if (salvaged) return { ok: true, structure: salvaged, raw: lastContent() ?? '', usage }
        return invalid('the answer was not valid JSON: answer with the JSON object only')
      }
      return {
        ok: false,
        kind: 'unavailable',
        message: describeFailure(error, this.#options),
        raw: null,
        usage,
      }
    }
  }
}

/** A JSON answer wrapped in a Markdown fence (some compatible servers do this): unwrap and check it. */
function salvage(content: string | null): z.output<typeof draftStructureSchema> | null {
  if (!content) return null
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content)
  if (!fenced) return null
  try {
    const result = draftStructureSchema.safeParse(JSON.parse(fenced[1]!))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

/** An SDK failure as one line that says what to check; never the key. */
export function describeFailure(
  error: unknown,
  options: Pick<OpenAiModelOptions, 'baseURL' | 'model' | 'timeoutMs'>,
): string {
  const where = options.baseURL ?? 'api.openai.com'
  if (error instanceof APIConnectionTimeoutError)
    return `no answer from ${where} within ${(options.timeoutMs ?? 30_000) / 1000} s`
  if (error instanceof APIConnectionError) return `cannot reach ${where}: check OPENAI_BASE_URL`
  if (error instanceof APIError) {
    if (error.status === 401 || error.status === 403)
      return `${where} refused OPENAI_API_KEY (HTTP ${error.status}): check the key`
    if (error.status === 404)
      return `${where} does not know model "${options.model ?? DEFAULT_MODEL}": check HERALD_MODEL`
    if (error.status === 429) return `${where} is rate limiting (HTTP 429) after retries`
    return `${where} answered HTTP ${error.status ?? '?'}${error.status && error.status >= 500 ? ' after retries' : ''}`
  }
  return `unexpected failure talking to ${where}: ${clip((error as Error)?.message ?? String(error))}`
}

function zodSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}
