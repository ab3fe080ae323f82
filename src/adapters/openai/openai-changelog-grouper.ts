/**
 * The `ChangelogGrouper` on OpenAI's chat completions (or any compatible
 * server at `OPENAI_BASE_URL`): one completion with structured output checked
 * by the core's zod schema. The SDK retries timeouts, 429 and 5xx a bounded
 * number of times; every failure comes back as a value, so the caller keeps
 * the flat section and says why. Whether the proposal holds is `applyGrouping`'s
 * call, not this file's.
 */
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/error'
import { zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import {
  type GroupingProposal,
  type GroupingRequest,
  groupingProposalSchema,
} from '../../core/changelog-grouping.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { ChangelogGrouper } from '../../ports/changelog-grouper.ts'
import type { ModelUsage } from '../../ports/drafter.ts'
import {
  buildGroupingPrompt,
  type GroupingPromptFiles,
  MAX_GROUPING_ENTRIES,
  readGroupingPromptFiles,
} from './changelog-grouping-prompt.ts'
import { createRecordingClient, openAiSettingsFromEnv } from './openai-client.ts'
import { DEFAULT_MODEL, describeFailure, type OpenAiModelOptions } from './openai-draft-model.ts'

export type OpenAiGrouperOptions = Omit<OpenAiModelOptions, 'prompts'> & {
  prompts?: GroupingPromptFiles | undefined
}

/** The grouper the environment asks for, or null without `OPENAI_API_KEY`. */
export function openAiGrouperFromEnv(env: NodeJS.ProcessEnv): OpenAiChangelogGrouper | null {
  const settings = openAiSettingsFromEnv(env)
  return settings ? new OpenAiChangelogGrouper(settings) : null
}

export class OpenAiChangelogGrouper implements ChangelogGrouper {
  readonly name: string
  /** Every HTTP attempt (retries included) and its tokens, over this grouper's life. */
  readonly usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0 }
  readonly #options: OpenAiGrouperOptions
  readonly #prompts: GroupingPromptFiles

  constructor(options: OpenAiGrouperOptions) {
    this.name = options.model ?? DEFAULT_MODEL
    this.#options = options
    this.#prompts = options.prompts ?? readGroupingPromptFiles()
  }

  async proposeGrouping(request: GroupingRequest): Promise<Result<GroupingProposal, string>> {
    const entries = request.categories.reduce((n, c) => n + c.entries.length, 0)
    if (entries > MAX_GROUPING_ENTRIES)
      return err(`${entries} entries are more than one request carries (${MAX_GROUPING_ENTRIES})`)
    const prompt = buildGroupingPrompt(this.#prompts, request)
    const { client, lastContent } = createRecordingClient(
      {
        apiKey: this.#options.apiKey,
        baseURL: this.#options.baseURL,
        timeoutMs: this.#options.timeoutMs ?? 30_000,
        maxRetries: this.#options.maxRetries ?? 2,
      },
      this.usage,
    )
    try {
      const completion = await client.chat.completions.parse({
        model: this.name,
        messages: prompt.messages,
        response_format: zodResponseFormat(groupingProposalSchema, 'changelog_grouping'),
        temperature: 0.2,
      })
      const message = completion.choices[0]?.message
      if (!message) return err('the answer had no message')
      if (message.refusal) return err(`the model refused: ${clip(message.refusal)}`)
      if (!message.parsed) return err('the answer was empty')
      return ok(prompt.translate(message.parsed))
    } catch (error) {
      if (error instanceof LengthFinishReasonError)
        return err('the answer was cut off at the token limit (finish_reason: length)')
      if (error instanceof ContentFilterFinishReasonError)
        return err('the answer was stopped by the content filter')
      if (error instanceof z.ZodError) return err(`the answer did not match the schema: ${zodSummary(error)}`)
      if (error instanceof SyntaxError) {
        const salvaged = salvage(lastContent())
        return salvaged ? ok(prompt.translate(salvaged)) : err('the answer was not valid JSON')
      }
      return err(describeFailure(error, this.#options))
    }
  }
}

/** A JSON answer wrapped in a Markdown fence (some compatible servers do this): unwrap and check it. */
function salvage(content: string | null): GroupingProposal | null {
  const fenced = content && /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content)
  if (!fenced) return null
  try {
    const result = groupingProposalSchema.safeParse(JSON.parse(fenced[1]!))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

function zodSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${clip(i.message)}`)
    .join('; ')
}

function clip(text: string): string {
  const line = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
  return line.length > 200 ? `${line.slice(0, 197)}...` : line
}
