/**
 * The title of a GitHub Release (and the message of an annotated tag): the
 * product and its version when the line names a product, like the
 * announcement headline (`widget-cli v0.3.0`, `Widget v1.2.0`);
 * otherwise the tag itself. Pure.
 */
import type { ReleaseLine } from './release-line.ts'

export function releaseTitle(
  line: Pick<ReleaseLine, 'announce'> | undefined,
  tag: string,
  version: string,
): string {
  const product = line?.announce?.product?.trim()
  return product ? `${product} v${version}` : tag
}
