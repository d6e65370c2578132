import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * URLs of static assets used by the layout, and the folders app.ts serves them from.
 *
 * - `node_modules/@gouvfr/dsfr/dist` is served as is under DSFR_PREFIX (versioned URL: cache it forever).
 * - `public/` is served under STATIC_PREFIX (our CSS, images, and the esbuild output in public/js).
 */
export const DSFR_VERSION = '1.14.4';
export const DSFR_PREFIX = `/dsfr/${DSFR_VERSION}`;
export const STATIC_PREFIX = '/static';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DSFR_DIST_DIR = path.join(projectRoot, 'node_modules', '@gouvfr', 'dsfr', 'dist');
export const PUBLIC_DIR = path.join(projectRoot, 'public');

/** URL of a file inside the DSFR dist folder, e.g. dsfrAsset('dsfr.min.css'). */
export function dsfrAsset(file: string): string {
  return `${DSFR_PREFIX}/${file.replace(/^\/+/, '')}`;
}

/** URL of a file inside public/, e.g. staticAsset('css/app.css'). */
export function staticAsset(file: string): string {
  return `${STATIC_PREFIX}/${file.replace(/^\/+/, '')}`;
}

export const ASSETS = {
  dsfrCss: dsfrAsset('dsfr.min.css'),
  utilityCss: dsfrAsset('utility/utility.min.css'),
  dsfrModuleJs: dsfrAsset('dsfr.module.min.js'),
  dsfrNomoduleJs: dsfrAsset('dsfr.nomodule.min.js'),
  appleTouchIcon: dsfrAsset('favicon/apple-touch-icon.png'),
  faviconSvg: dsfrAsset('favicon/favicon.svg'),
  faviconIco: dsfrAsset('favicon/favicon.ico'),
  manifest: dsfrAsset('favicon/manifest.webmanifest'),
  appCss: staticAsset('css/app.css'),
  /** Loaded only inside <noscript>: makes the header menu and breadcrumb usable without JavaScript. */
  noJsCss: staticAsset('css/nojs.css'),
} as const;

/** URL of a DSFR pictogram SVG (artwork), e.g. pictogram('buildings/house'). */
export function pictogram(name: string): string {
  return dsfrAsset(`artwork/pictograms/${name}.svg`);
}
