/** Filling `{slot}` templates. Pure. */

/** Replace each `{name}` with its value; unknown slots stay as written. */
export function renderSlots(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
