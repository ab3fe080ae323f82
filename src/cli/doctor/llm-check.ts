/**
 * Doctor's LLM check, through the OpenAI client the drafter and the changelog
 * grouper use (at `OPENAI_BASE_URL`): `GET /models` says whether the key is
 * accepted and the model HERALD_MODEL names is offered.
 */
import { createOpenAiClient, openAiSettingsFromEnv } from '../../adapters/openai/openai-client.ts'
import { DEFAULT_MODEL } from '../../adapters/openai/openai-draft-model.ts'
import { CHECK_TIMEOUT_MS, type CheckResult, fail, note, pass, unreachable } from './check.ts'

const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1'

export async function checkLlm(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const settings = openAiSettingsFromEnv(env)
  if (!settings)
    return note(
      'llm',
      'LLM: OPENAI_API_KEY is not set; announcements are drafted by the offline template drafter',
    )
  const base = settings.baseURL ?? DEFAULT_OPENAI_BASE_URL
  const model = settings.model ?? DEFAULT_MODEL
  let ids: string[]
  try {
    const client = createOpenAiClient({ ...settings, timeoutMs: CHECK_TIMEOUT_MS, maxRetries: 0 })
    const page = await client.models.list()
    ids = page.data.map((m) => String(m.id))
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (typeof status !== 'number') return unreachable('llm', 'LLM', base, 'OPENAI_BASE_URL', error)
    if (status === 401 || status === 403)
      return fail(
        'llm',
        `LLM: OPENAI_API_KEY was refused (HTTP ${status})`,
        'create a key for this project on the provider’s API keys page and put it in OPENAI_API_KEY, or unset it to use the offline drafter',
      )
    return fail(
      'llm',
      `LLM: GET /models answered HTTP ${status}`,
      'check OPENAI_BASE_URL (it ends in /v1 for most providers), then run herald doctor again',
    )
  }
  if (ids.length && !ids.includes(model))
    return fail(
      'llm',
      `LLM: the model "${model}" is not offered at ${base}`,
      `set HERALD_MODEL to one it offers (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`,
    )
  return pass('llm', `LLM: reachable at ${base}, model "${model}"`)
}
