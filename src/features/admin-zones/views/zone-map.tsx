import { type BBox, polygonsOfGeometry, type ZoneGeometry } from '../../../domain/geo.ts';

const W = 320;
const H = 220;
const PAD = 10;

/** SVG path of the zone projected into a W×H box (equirectangular, longitudes scaled by cos(latitude)). */
export function zonePath(g: ZoneGeometry, b: BBox): string {
  const k = Math.cos((((b.n + b.s) / 2) * Math.PI) / 180) || 1;
  const spanX = Math.max((b.e - b.w) * k, 1e-9);
  const spanY = Math.max(b.n - b.s, 1e-9);
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const offX = (W - spanX * scale) / 2;
  const offY = (H - spanY * scale) / 2;
  const pt = ([lng, lat]: [number, number]) =>
    `${(offX + (lng - b.w) * k * scale).toFixed(1)} ${(offY + (b.n - lat) * scale).toFixed(1)}`;
  return polygonsOfGeometry(g)
    .flatMap((poly) => poly.map((ring) => `M${ring.map(pt).join('L')}Z`))
    .join(' ');
}

const fmt = (n: number) => n.toFixed(5).replace('.', ',');

/** Server-drawn outline of a zone (no map tiles), with a text summary for screen readers and everyone. */
export function ZoneMap(props: {
  id: string;
  name: string;
  geometry: ZoneGeometry;
  bbox: BBox;
}): JSX.Element {
  const polys = polygonsOfGeometry(props.geometry);
  const holes = polys.reduce((n, p) => n + p.length - 1, 0);
  const points = polys.reduce((n, p) => n + p.reduce((m, r) => m + r.length - 1, 0), 0);
  const b = props.bbox;
  const summary = `${polys.length} polygone${polys.length > 1 ? 's' : ''}${
    holes ? `, ${holes} trou${holes > 1 ? 's' : ''}` : ''
  }, ${points} points ; entre les latitudes ${fmt(b.s)} et ${fmt(b.n)} et les longitudes ${fmt(b.w)} et ${fmt(b.e)}.`;
  return (
    <figure class="hl-zone-map">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${props.id}-title`}
        aria-describedby={`${props.id}-desc`}
        class="hl-zone-map__svg"
      >
        <title id={`${props.id}-title`} safe>
          {`Contour de la zone ${props.name}`}
        </title>
        <rect x="0" y="0" width={String(W)} height={String(H)} class="hl-zone-map__bg" />
        <path d={zonePath(props.geometry, b)} class="hl-zone-map__shape" fill-rule="evenodd" />
      </svg>
      <figcaption id={`${props.id}-desc`} class="fr-text--sm" safe>
        {summary}
      </figcaption>
    </figure>
  );
}
