/** Filling `{slot}` templates. Pure. */

/** Replace each `{name}` with its value; unknown slots stay as written. */
export function renderSlots(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** Slots a template uses that are not in `known`, and those in `required` it lacks. */
export function checkTemplate(
  template: string,
  known: readonly string[],
  required: readonly string[],
): { unknown: string[]; missing: string[] } {
  const used = new Set(Array.from(template.matchAll(/\{(\w+)\}/g), (m) => m[1]!))
  return {
    unknown: [...used].filter((s) => !known.includes(s)),
    missing: required.filter((s) => !used.has(s)),
  }
}
