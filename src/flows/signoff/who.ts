/** Who acts on a sign-off record: a person on a platform, or Herald itself. */

/** Who did something, as the platform said. */
export type Who = { platform: string; userId: string; name?: string | undefined }

/** Who acted, as stored in a record and the audit log: the platform's ids, the name only for display. */
export function whoOf(actor: Who): Who {
  return { platform: actor.platform, userId: actor.userId, name: actor.name ?? undefined }
}

/** Herald itself: overdue moves, the start-up sweep, the outcome of a cut or a post. */
export const HERALD: Who = { platform: 'herald', userId: 'herald', name: 'Herald' }

/** A person for people: `Ana (U012ABC)`, or the id alone. */
export function who(w: Who): string {
  return w.name ? `${w.name} (${w.userId})` : w.userId
}

/** Whether two `Who`s are the same person on the same platform. */
export function samePerson(a: Who, b: Who): boolean {
  return a.platform === b.platform && a.userId === b.userId
}
