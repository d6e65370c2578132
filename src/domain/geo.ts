/**
 * Zone geometry without a spatial database (integrations §4): reading WKT (POLYGON, MULTIPOLYGON) and GeoJSON
 * (Polygon, MultiPolygon, Feature, FeatureCollection) into one GeoJSON shape, bounding boxes, and whether a
 * point lies in a zone (ray casting; holes excluded; a point exactly on an edge counts as inside).
 * Positions are [longitude, latitude] as in GeoJSON and WKT. Pure code, no I/O.
 */

export type Position = [number, number];
export type Ring = Position[];
export type ZoneGeometry =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] };
export interface BBox {
  n: number;
  e: number;
  s: number;
  w: number;
}
export interface LatLng {
  lat: number;
  lng: number;
}
export type GeoResult = { ok: true; geometry: ZoneGeometry } | { ok: false; error: string };

class GeoError extends Error {}

const MAX_POINTS = 200_000;

// ---------------------------------------------------------------- WKT

type Nested = number[] | Nested[];

function parseNested(text: string): Nested {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const list = (): Nested => {
    skip();
    if (text[i] !== '(') throw new GeoError('Une parenthèse ouvrante « ( » est attendue.');
    i++;
    skip();
    const items: Nested[] = [];
    if (text[i] === '(') {
      for (;;) {
        items.push(list());
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        break;
      }
    } else {
      const points: number[][] = [];
      for (;;) {
        skip();
        const m =
          /^([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:\s+[-+]?\d+(?:\.\d+)?)?/.exec(
            text.slice(i, i + 80),
          );
        if (!m)
          throw new GeoError(
            'Chaque point doit être écrit « longitude latitude », par exemple « 5.37 43.29 ».',
          );
        points.push([Number(m[1]), Number(m[2])]);
        i += m[0].length;
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        break;
      }
      skip();
      if (text[i] !== ')') throw new GeoError('Une parenthèse fermante « ) » manque.');
      i++;
      return points as unknown as Nested;
    }
    skip();
    if (text[i] !== ')') throw new GeoError('Une parenthèse fermante « ) » manque.');
    i++;
    return items as Nested;
  };
  const out = list();
  skip();
  if (i !== text.length) throw new GeoError('Du texte en trop suit la dernière parenthèse.');
  return out;
}

/** Reads a WKT POLYGON or MULTIPOLYGON (an optional `SRID=4326;` prefix is accepted). */
export function parseWkt(input: string): GeoResult {
  try {
    const text = input.trim().replace(/^SRID=\d+;\s*/i, '');
    const m = /^(MULTIPOLYGON|POLYGON)\s*(Z|M|ZM)?\s*(\(.*)$/is.exec(text);
    if (!m) {
      if (/^\w+/.test(text) && !/^(MULTI)?POLYGON/i.test(text)) {
        throw new GeoError('Seules les formes POLYGON et MULTIPOLYGON sont acceptées pour une zone.');
      }
      throw new GeoError('Le texte WKT doit commencer par POLYGON ou MULTIPOLYGON suivi de ses coordonnées.');
    }
    const nested = parseNested(m[3] as string);
    if ((m[1] as string).toUpperCase() === 'POLYGON') {
      return { ok: true, geometry: checked({ type: 'Polygon', coordinates: nested as unknown as Ring[] }) };
    }
    return {
      ok: true,
      geometry: checked({ type: 'MultiPolygon', coordinates: nested as unknown as Ring[][] }),
    };
  } catch (e) {
    if (e instanceof GeoError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------- GeoJSON

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function polygonsOf(v: unknown, depth = 0): Ring[][] {
  if (!isObject(v)) throw new GeoError('Le GeoJSON doit être un objet avec un champ « type ».');
  switch (v.type) {
    case 'Polygon':
      return [v.coordinates as Ring[]];
    case 'MultiPolygon':
      return v.coordinates as Ring[][];
    case 'Feature':
      if (!v.geometry) throw new GeoError('Cet élément « Feature » n’a pas de géométrie.');
      return polygonsOf(v.geometry, depth + 1);
    case 'FeatureCollection': {
      if (depth > 0 || !Array.isArray(v.features))
        throw new GeoError('La liste « features » est introuvable.');
      const all = v.features.flatMap((f) => polygonsOf(f, depth + 1));
      return all;
    }
    case 'GeometryCollection':
      if (!Array.isArray(v.geometries)) throw new GeoError('La liste « geometries » est introuvable.');
      return v.geometries.flatMap((g) => polygonsOf(g, depth + 1));
    default:
      throw new GeoError(
        `Le type « ${String(v.type ?? 'absent')} » ne décrit pas une surface : utilisez Polygon, MultiPolygon, Feature ou FeatureCollection.`,
      );
  }
}

/**
 * Reads GeoJSON text or an already parsed object: Polygon, MultiPolygon, Feature or FeatureCollection. One
 * polygon in all gives a Polygon, several a MultiPolygon.
 */
export function parseGeoJson(input: string | unknown): GeoResult {
  try {
    let value: unknown = input;
    if (typeof input === 'string') {
      try {
        value = JSON.parse(input);
      } catch {
        throw new GeoError(
          'Ce texte n’est pas du GeoJSON valide (accolades, guillemets ou virgules à vérifier).',
        );
      }
    }
    const polygons = polygonsOf(value);
    if (!polygons.length) throw new GeoError('Aucun polygone n’a été trouvé dans ce GeoJSON.');
    const geometry: ZoneGeometry =
      polygons.length === 1
        ? { type: 'Polygon', coordinates: polygons[0] as Ring[] }
        : { type: 'MultiPolygon', coordinates: polygons };
    return { ok: true, geometry: checked(geometry) };
  } catch (e) {
    if (e instanceof GeoError) return { ok: false, error: e.message };
    throw e;
  }
}

/** GeoJSON when the text starts with `{`, WKT otherwise. */
export function parseZoneGeometry(input: string): GeoResult {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Collez le contour de la zone (texte WKT ou GeoJSON).' };
  return text.startsWith('{') ? parseGeoJson(text) : parseWkt(text);
}

// ---------------------------------------------------------------- validation

function checkRing(ring: unknown, label: string): Ring {
  if (!Array.isArray(ring)) throw new GeoError(`${label} : la liste de points est mal formée.`);
  const out: Ring = [];
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      throw new GeoError(`${label} : chaque point doit avoir une longitude et une latitude en nombres.`);
    }
    const [lng, lat] = p as [number, number];
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
      throw new GeoError(
        `${label} : le point « ${lng} ${lat} » est hors du globe (longitude entre -180 et 180, latitude entre -90 et 90 ; vérifiez l’ordre longitude puis latitude).`,
      );
    }
    out.push([lng, lat]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  if (out.length < 4)
    throw new GeoError(`${label} : un contour doit compter au moins trois points différents.`);
  return out;
}

function checked(g: ZoneGeometry): ZoneGeometry {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys) || !polys.length) throw new GeoError('La zone ne contient aucun polygone.');
  let count = 0;
  const clean = polys.map((poly, pi) => {
    if (!Array.isArray(poly) || !poly.length) throw new GeoError(`Polygone ${pi + 1} : il est vide.`);
    return poly.map((ring, ri) => {
      const label = `Polygone ${pi + 1}, ${ri === 0 ? 'contour extérieur' : `trou ${ri}`}`;
      const r = checkRing(ring, label);
      count += r.length;
      return r;
    });
  });
  if (count > MAX_POINTS) throw new GeoError('Ce contour est trop détaillé (plus de 200 000 points).');
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: clean[0] as Ring[] }
    : { type: 'MultiPolygon', coordinates: clean };
}

// ---------------------------------------------------------------- computations

export function polygonsOfGeometry(g: ZoneGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxOf(g: ZoneGeometry): BBox {
  let n = -90;
  let s = 90;
  let e = -180;
  let w = 180;
  for (const poly of polygonsOfGeometry(g)) {
    for (const [lng, lat] of poly[0] ?? []) {
      if (lat > n) n = lat;
      if (lat < s) s = lat;
      if (lng > e) e = lng;
      if (lng < w) w = lng;
    }
  }
  return { n, e, s, w };
}

export function inBBox(b: BBox, p: LatLng): boolean {
  return p.lat <= b.n && p.lat >= b.s && p.lng <= b.e && p.lng >= b.w;
}

const EPS = 1e-12;

function onSegment(x: number, y: number, a: Position, b: Position): boolean {
  const cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  if (Math.abs(cross) > EPS * Math.max(1, Math.abs(b[0] - a[0]) + Math.abs(b[1] - a[1]))) return false;
  return (
    x >= Math.min(a[0], b[0]) - EPS &&
    x <= Math.max(a[0], b[0]) + EPS &&
    y >= Math.min(a[1], b[1]) - EPS &&
    y <= Math.max(a[1], b[1]) + EPS
  );
}

/** 'inside' | 'edge' | 'outside' of one closed ring (ray casting towards +x). */
export function ringPosition(ring: Ring, p: LatLng): 'inside' | 'edge' | 'outside' {
  const x = p.lng;
  const y = p.lat;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (onSegment(x, y, a, b)) return 'edge';
    if (a[1] > y !== b[1] > y) {
      const xCross = ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0];
      if (x < xCross) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/** True when the point is in one of the polygons (on an edge counts as in) and not strictly inside a hole. */
export function containsPoint(g: ZoneGeometry, p: LatLng): boolean {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng)) return false;
  for (const poly of polygonsOfGeometry(g)) {
    const outer = poly[0];
    if (!outer || ringPosition(outer, p) === 'outside') continue;
    const inHole = poly.slice(1).some((hole) => ringPosition(hole, p) === 'inside');
    if (!inHole) return true;
  }
  return false;
}

/** Number of points of every contour (closing points included). */
export function pointCount(g: ZoneGeometry): number {
  return polygonsOfGeometry(g).reduce((n, poly) => n + poly.reduce((m, r) => m + r.length, 0), 0);
}

/** WKT text of a geometry (for export and display). */
export function toWkt(g: ZoneGeometry): string {
  const ring = (r: Ring) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`;
  const poly = (p: Ring[]) => `(${p.map(ring).join(', ')})`;
  return g.type === 'Polygon'
    ? `POLYGON ${poly(g.coordinates)}`
    : `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})`;
}
