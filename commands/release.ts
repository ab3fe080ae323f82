import type { CommandDefinition } from './types.ts'

/** SemVer and calendar versions (`2.0.0-rc.1`, `2026.04.0`), or PEP 440's (`26.2.0rc2`, `1.0.0.post1`). */
const VERSION_PATTERN =
  /^v?\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*|(?:(?:a|b|rc)\d{1,9})?(?:\.post\d{1,9})?(?:\.dev\d{1,9})?)$/

/**
 * `/release [canary|promote|rollback|status|console|backport] line:<name> [bump:auto|patch|minor|major]
 * [version:X.Y.Z] [prerelease:rc] [next:X.Y.Z] [reason:"…"] [ticket:ID] [pr:N]`.
 */
export const releaseCommand: CommandDefinition = {
  name: 'release',
  description: 'Preview the next release of a line, then cut it',
  example: '/release cli minor',
  options: [
    {
      name: 'action',
      description: 'A channel move, the status, a console sign-in link or a backport, instead of a release',
      required: false,
      choices: ['canary', 'promote', 'rollback', 'status', 'console', 'backport'],
      placeholder: 'canary|promote|rollback|status|console|backport',
      // Tried first, so `/release canary` is the move (a line named so needs `line:`).
      positional: { rank: 0 },
      maxLength: 8,
    },
    {
      name: 'line',
      // Optional: with one line in the config `/release` alone is enough; with
      // several, the flow answers with the line names to choose from.
      description: 'Release line to cut (from herald.config.yaml; optional with one line; several: main,lts)',
      required: false,
      placeholder: '<name>',
      // A line's name, or a release-please package's path (`packages/web`); several, by commas.
      pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*(,[A-Za-z0-9][A-Za-z0-9._/-]*)*$/,
      autocomplete: true,
      positional: { rank: 3 },
      maxLength: 200,
    },
    {
      name: 'bump',
      description: 'Force the bump instead of deriving it from the commits',
      required: false,
      choices: ['auto', 'patch', 'minor', 'major'],
      placeholder: 'auto|patch|minor|major',
      positional: { rank: 1 },
      maxLength: 5,
    },
    {
      name: 'version',
      description: 'Release exactly this version, e.g. 2.0.0',
      required: false,
      pattern: VERSION_PATTERN,
      placeholder: 'X.Y.Z',
      positional: { rank: 2 },
      maxLength: 64,
    },
    {
      name: 'prerelease',
      description: 'Cut a prerelease with this identifier (rc -> 1.3.0-rc.1)',
      required: false,
      // Not positional: a bare word is a line name, so `rc` must be spelled out.
      pattern: /^(?!\d+$)[0-9A-Za-z-]+$/,
      placeholder: 'rc',
      positional: false,
      maxLength: 32,
    },
    {
      name: 'next',
      description: 'Next development version to write after this .0 release, e.g. 27.1.0',
      required: false,
      // What `version` takes: the line's scheme checks it (`27.1.0`, `2027.01.0`, `27.0.0rc1`).
      pattern: VERSION_PATTERN,
      placeholder: 'X.Y.Z',
      positional: false,
      maxLength: 64,
    },
    {
      name: 'reason',
      description: 'Why (promote, rollback; an override of the soak check needs one)',
      required: false,
      // A sentence, without mentions, markup or control characters: it is shown in chat and signed into the index.
      pattern: /^[^<>@`*_~|\u0000-\u001f]+$/,
      placeholder: '"…"',
      positional: false,
      maxLength: 200,
    },
    {
      name: 'ticket',
      description: 'The change or incident ticket, e.g. INC-42',
      required: false,
      pattern: /^[A-Za-z0-9][A-Za-z0-9._#/-]*$/,
      placeholder: 'ID',
      positional: false,
      maxLength: 64,
    },
    {
      name: 'pr',
      description: 'The merged pull request to backport onto the line (with backport), e.g. 123',
      required: false,
      pattern: /^#?[1-9]\d{0,8}$/,
      placeholder: 'N',
      // Not positional: a bare number could be a line's name.
      positional: false,
      maxLength: 10,
    },
  ],
}
