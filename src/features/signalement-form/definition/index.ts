/**
 * The whole public form, in journey order: address and people, dwelling, household, the désordres block,
 * then the procedure screens. The recap page and the submit button come after the last screen (engine).
 */
import { desordresScreens } from './desordres-screens.ts';
import { SCREENS_AFTER_DESORDRES, SCREENS_BEFORE_DESORDRES } from './screens.ts';
import type { Screen } from './types.ts';

export const FORM_SCREENS: readonly Screen[] = [
  ...SCREENS_BEFORE_DESORDRES,
  ...desordresScreens,
  ...SCREENS_AFTER_DESORDRES,
];

const BY_SLUG: ReadonlyMap<string, Screen> = new Map(FORM_SCREENS.map((screen) => [screen.slug, screen]));

export function getScreen(slug: string): Screen | undefined {
  return BY_SLUG.get(slug);
}

export const FIRST_SCREEN_SLUG: string = FORM_SCREENS[0]!.slug;
