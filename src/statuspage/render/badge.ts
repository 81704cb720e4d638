/** SVG badges (shields.io style, by badge-maker): the page's or one component's status. */
import { makeBadge } from 'badge-maker';
import type { PageModel } from '../model.js';
import { STATUS_WORDS, type ComponentStatus } from '../status.js';

export const BADGE_STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export function badgeSvg(
  m: PageModel,
  label: string,
  status: ComponentStatus,
  style: BadgeStyle,
): string {
  return makeBadge({
    label,
    message: STATUS_WORDS[status].toLowerCase(),
    color: m.config.colours[status],
    style,
  });
}
