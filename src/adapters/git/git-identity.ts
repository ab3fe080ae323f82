/** Who Herald's own commits and annotated tags name where git knows nobody (a server, a fresh machine). */
export const HERALD_IDENTITY: readonly string[] = [
  '-c',
  'user.name=Herald',
  '-c',
  'user.email=herald@localhost.invalid',
]

/** The `-c` options a commit or an annotated tag needs: none when git knows a committer, else Herald's. */
export async function committerIdentity(
  git: (args: string[]) => Promise<{ status: number }>,
): Promise<string[]> {
  const known = (await git(['var', 'GIT_COMMITTER_IDENT'])).status === 0
  return known ? [] : [...HERALD_IDENTITY]
}
