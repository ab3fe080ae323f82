/**
 * The config keys of a line whose tag follows a package's version rather
 * than its commits: `version: { file }`, the other `packages` its releases
 * name, and the build's `checksums` its GitHub Release lists and attaches.
 */
import { z } from 'zod'
import { PACKAGE_FILE_NAMES } from '../core/package-files.ts'

/** A path inside the repository: relative, with no `..` step. */
const repoPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: 'expected a path inside the repository, like packages/proxy/pyproject.toml (no leading / or ..)',
  })

const packageFile = repoPath.refine(
  (p) => (PACKAGE_FILE_NAMES as readonly string[]).includes(p.split('/').pop() ?? ''),
  { message: `expected a package file: ${PACKAGE_FILE_NAMES.join(', ')}` },
)

export const versionSourceSchema = z.strictObject({
  file: packageFile.describe(
    'Package file whose version the line releases: pyproject.toml, package.json or Cargo.toml',
  ),
})

export const packagesSchema = z
  .array(packageFile)
  .describe(
    'Other package files the release ships; the changelog header names their versions when they differ from the tag’s',
  )

export const checksumsSchema = z.strictObject({
  from: repoPath.describe(
    'Glob of the `sha256sum` files the build wrote, read from the checkout Herald works in (not from git), like `dist/*.sha256`',
  ),
})
