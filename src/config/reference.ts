/**
 * The config and environment references of docs/configuration.md and `.env.example`, generated from the zod
 * schemas so they cannot drift (`npm run docs` writes them; a test compares).
 */
import type { z } from 'zod'
import { envSchema } from './env.ts'
import { configSchema } from './schema.ts'

type Row = { key: string; type: string; default: string; description: string }

// zod 4 keeps its definition under `_zod.def`; only the kinds the config uses are read.
type Def = {
  type: string
  innerType?: Schema
  element?: Schema
  shape?: Record<string, Schema>
  entries?: Record<string, string>
  defaultValue?: unknown
  options?: Schema[]
}
type Schema = z.ZodType & { _zod: { def: Def }; description?: string }

export function configRows(): Row[] {
  const rows: Row[] = []
  walk(configSchema as unknown as Schema, '', rows)
  return rows
}

function walk(schema: Schema, path: string, rows: Row[]): void {
  const { inner, fallback, description } = unwrap(schema)
  const def = inner._zod.def
  if (path) rows.push({ key: path, type: typeName(inner), default: fallback, description })
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape ?? {}))
      walk(child, path ? `${path}.${key}` : key, rows)
  } else if (def.type === 'array' && def.element && unwrap(def.element).inner._zod.def.type === 'object') {
    walk(def.element, `${path}[]`, [])
    const element = unwrap(def.element).inner._zod.def
    for (const [key, child] of Object.entries(element.shape ?? {})) walk(child, `${path}[].${key}`, rows)
  }
}

function unwrap(schema: Schema): { inner: Schema; fallback: string; description: string } {
  let inner = schema
  let fallback = ''
  let description = schema.description ?? ''
  for (;;) {
    const def = inner._zod.def
    if (def.type === 'default') {
      fallback = JSON.stringify(def.defaultValue)
      inner = def.innerType!
    } else if (def.type === 'optional' || def.type === 'nullable') inner = def.innerType!
    else break
    description ||= inner.description ?? ''
  }
  return { inner, fallback, description }
}

function typeName(schema: Schema): string {
  const def = schema._zod.def
  switch (def.type) {
    case 'enum':
      return Object.values(def.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(' \\| ')
    case 'array':
      return `${typeName(unwrap(def.element!).inner)} list`
    case 'object':
      return 'mapping'
    case 'union':
      return (def.options ?? []).map((o) => typeName(unwrap(o).inner)).join(' or ')
    default:
      return def.type
  }
}

export function renderConfigReference(): string {
  const lines = ['| key | type | default | meaning |', '| --- | --- | --- | --- |']
  for (const row of configRows()) {
    // Long defaults (the default note sections) are described in the meaning column instead.
    const fallback = !row.default ? '' : row.default.length > 48 ? 'see meaning' : `\`${row.default}\``
    lines.push(`| \`${row.key}\` | ${row.type} | ${fallback} | ${row.description.replace(/\|/g, '\\|')} |`)
  }
  return lines.join('\n')
}

export function renderEnvReference(): string {
  const lines = ['| variable | meaning |', '| --- | --- |']
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    lines.push(`| \`${name}\` | ${(schema.description ?? '').replace(/\|/g, '\\|')} |`)
  }
  return lines.join('\n')
}

export function renderEnvExample(): string {
  const out = [
    '# Herald environment (generated from src/config/env.ts by `npm run docs`; do not edit by hand).',
    '# Secrets belong in the environment or in an untracked .env, never in herald.config.yaml.',
    '',
  ]
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    out.push(`# ${schema.description ?? ''}`, `# ${name}=`, '')
  }
  return out.join('\n')
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const a = document.indexOf(start)
  const b = document.indexOf(end)
  if (a < 0 || b < a) throw new Error(`the document has no ${start} … ${end} markers`)
  return `${document.slice(0, a + start.length)}\n${body}\n${document.slice(b)}`
}
