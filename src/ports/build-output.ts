/**
 * The build's output where Herald runs (the CI checkout): files a build
 * writes and nobody commits, like the `*.sha256` files of a line's binaries.
 */
export type BuildFile = { path: string; text: string }

export interface BuildOutput {
  /** The directory the files are read from (messages name it). */
  readonly root: string
  /** The files matching a glob relative to `root`, sorted by path; none: an empty list. */
  glob(pattern: string): Promise<BuildFile[]>
}
