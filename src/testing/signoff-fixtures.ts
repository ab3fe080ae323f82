/** The release, announcement text, permissions and people the sign-off tests share. */
import type { AuthConfig } from '../core/authorize.ts'
import type { AnnouncementFacts } from '../core/voice/facts.ts'
import type { Actor } from '../flows/view.ts'

export const FACTS: AnnouncementFacts = {
  product: 'connexity-cli',
  line: 'cli',
  kind: 'cli',
  tag: 'cli-v0.3.0',
  version: '0.3.0',
  previousVersion: '0.2.0',
  bump: 'minor',
  fixOnly: false,
  releaseUrl: 'https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0',
  action: 'uv tool upgrade connexity-cli',
  target: 'discord',
}

export const GOOD_TEXT = `🚀 connexity-cli v0.3.0 is out!

We added a compare command and faster polling.

✨ Compare two runs side by side (#12)
⚡ Polling uses less CPU (#14)

Upgrade: \`uv tool upgrade connexity-cli\`
Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0`

export const AUTH: AuthConfig = {
  announce: { users: ['U_REQ', 'U_APP'], roles: [], groups: [] },
  approve: { users: ['U_APP', 'U_APP2'], roles: ['R_MAINT'], groups: ['S_MAINT'] },
  release: { users: ['U_REQ', 'U_APP'], roles: [], groups: [] },
  twoPersonRule: ['major'],
}

export const actor = (
  userId: string,
  platform: Actor['platform'] = 'slack',
  extra: Partial<Actor> = {},
): Actor => ({
  platform,
  userId,
  roles: [],
  groups: [],
  name: userId.toLowerCase(),
  ...extra,
})
