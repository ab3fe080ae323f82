/** Discord's REST routes for an interaction's replies, without loading a Discord SDK. */

/** Where an interaction's replies go; interaction tokens authorise these, not the bot token. */
export const interactionRoutes = {
  callback: (id: string, token: string) => `/interactions/${id}/${token}/callback` as const,
  original: (applicationId: string, token: string) =>
    `/webhooks/${applicationId}/${token}/messages/@original` as const,
  followUp: (applicationId: string, token: string) => `/webhooks/${applicationId}/${token}` as const,
}
