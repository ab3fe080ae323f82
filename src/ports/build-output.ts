/**
 * The build's output where Herald runs (the CI checkout): files a build
 * writes and nobody commits, like the `*.sha256` files of a line's binaries.
 */
/**
 * `text` null: the file is over `MAX_BUILD_FILE` bytes (a binary, not a
 * checksum file), or `outside` the root (a symlink leading out), and was not read.
 */
export type BuildFile = { path: string; text: string | null; outside?: true }

export const MAX_BUILD_FILE = 1024 * 1024

export interface BuildOutput {
  /** The directory the files are read from (messages name it). */
  readonly root: string
  /**
   * The commit checked out in `root` (what its build is of), or null when
   * `root` is no git checkout: checksums are only published for that commit.
   */
  commit(): Promise<string | null>
  /** The files matching a glob relative to `root`, sorted by path; none: an empty list. */
  glob(pattern: string): Promise<BuildFile[]>
}
