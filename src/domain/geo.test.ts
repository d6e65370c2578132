import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bboxOf,
  containsPoint,
  parseGeoJson,
  parseWkt,
  parseZoneGeometry,
  pointCount,
  ringPosition,
  toWkt,
  type ZoneGeometry,
} from './geo.ts';

// Simplified outline of Marseille 1er arrondissement (drawn by hand from its streets: Vieux-Port quay,
// cours Lieutaud, boulevard de la Libération, gare Saint-Charles), [lng, lat].
const MARSEILLE_1ER = {
  type: 'Feature',
  properties: { nom: 'Marseille 1er' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [5.3695, 43.2952],
        [5.3745, 43.2936],
        [5.3822, 43.2911],
        [5.3862, 43.2927],
        [5.3905, 43.2985],
        [5.3952, 43.3031],
        [5.3871, 43.3056],
        [5.3803, 43.3042],
        [5.376, 43.3006],
        [5.3712, 43.2986],
        [5.3695, 43.2952],
      ],
    ],
  },
};
const unwrap = (r: ReturnType<typeof parseWkt>): ZoneGeometry => {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.geometry;
};

describe('geo: parsing', () => {
  test('GeoJSON Feature of a real outline', () => {
    const g = unwrap(parseGeoJson(JSON.stringify(MARSEILLE_1ER)));
    assert.equal(g.type, 'Polygon');
    assert.equal(pointCount(g), 11);
    // La Canebière near the Bourse, Noailles market: inside; Notre-Dame de la Garde, Le Panier: outside.
    assert.equal(containsPoint(g, { lat: 43.2977, lng: 5.3787 }), true);
    assert.equal(containsPoint(g, { lat: 43.2965, lng: 5.3824 }), true);
    assert.equal(containsPoint(g, { lat: 43.2839, lng: 5.3712 }), false);
    assert.equal(containsPoint(g, { lat: 43.2994, lng: 5.3672 }), false);
  });

  test('WKT polygon, with SRID prefix, lower case and a 3rd coordinate', () => {
    const g = unwrap(parseWkt('SRID=4326;polygon z ((0 0 1, 10 0 1, 10 10 1, 0 10 1, 0 0 1))'));
    assert.deepEqual(bboxOf(g), { n: 10, e: 10, s: 0, w: 0 });
  });

  test('an unclosed ring is closed', () => {
    const g = unwrap(parseWkt('POLYGON((0 0, 4 0, 4 4, 0 4))'));
    assert.equal(g.type === 'Polygon' && g.coordinates[0]?.length, 5);
  });

  test('WKT multipolygon with a hole; round trip through toWkt', () => {
    const wkt =
      'MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4)), ((20 20, 30 20, 30 30, 20 20)))';
    const g = unwrap(parseWkt(wkt));
    assert.equal(g.type, 'MultiPolygon');
    assert.deepEqual(unwrap(parseWkt(toWkt(g))), g);
    assert.equal(containsPoint(g, { lng: 2, lat: 2 }), true);
    assert.equal(containsPoint(g, { lng: 5, lat: 5 }), false, 'inside the hole');
    assert.equal(containsPoint(g, { lng: 4, lat: 5 }), true, 'on the hole edge counts as in the zone');
    assert.equal(containsPoint(g, { lng: 28, lat: 25 }), true, 'second polygon');
    assert.equal(containsPoint(g, { lng: 22, lat: 28 }), false, 'outside the triangle');
    assert.equal(containsPoint(g, { lng: 15, lat: 15 }), false);
    assert.deepEqual(bboxOf(g), { n: 30, e: 30, s: 0, w: 0 });
  });

  test('GeoJSON FeatureCollection and MultiPolygon become one geometry', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [5, 5],
                  [6, 5],
                  [6, 6],
                  [5, 5],
                ],
              ],
            ],
          },
        },
      ],
    };
    const g = unwrap(parseGeoJson(fc));
    assert.equal(g.type, 'MultiPolygon');
    assert.equal(g.type === 'MultiPolygon' && g.coordinates.length, 2);
    const single = unwrap(
      parseGeoJson({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      }),
    );
    assert.equal(single.type, 'Polygon', 'one polygon in all is a Polygon');
  });

  test('parseZoneGeometry picks the format', () => {
    assert.equal(
      unwrap(parseZoneGeometry(' {"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}')).type,
      'Polygon',
    );
    assert.equal(unwrap(parseZoneGeometry('POLYGON((0 0,1 0,1 1,0 0))')).type, 'Polygon');
  });

  const bad: [string, RegExp][] = [
    ['', /Collez le contour/],
    ['POINT(1 2)', /POLYGON et MULTIPOLYGON/],
    ['LINESTRING(0 0, 1 1)', /POLYGON et MULTIPOLYGON/],
    ['POLYGON((0 0, 1 0, 1 1, 0 0)', /parenthèse fermante/],
    ['POLYGON((0 0, 1 a, 1 1, 0 0))', /longitude latitude/],
    ['POLYGON((0 0, 1 0, 0 0))', /au moins trois points/],
    ['POLYGON((0 0, 1 0, 1 1, 0 0)) extra', /en trop/],
    ['POLYGON((43.3 5.4, 43.4 5.4, 43.4 95, 43.3 5.4))', /hors du globe/],
    ['{"type":"Point","coordinates":[1,2]}', /ne décrit pas une surface/],
    ['{"type":"Polygon",', /GeoJSON valide/],
    ['{"type":"Feature","geometry":null}', /pas de géométrie/],
    ['{"type":"FeatureCollection","features":[]}', /Aucun polygone/],
    ['{"type":"Polygon","coordinates":[[[0,0],["1",0],[1,1],[0,0]]]}', /en nombres/],
    ['{"type":"Polygon","coordinates":[]}', /vide/],
    ['MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), 3)', /parenthèse ouvrante/],
  ];
  for (const [input, message] of bad) {
    test(`refuses ${JSON.stringify(input).slice(0, 50)} with a French message`, () => {
      const r = parseZoneGeometry(input);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, message);
    });
  }
});

describe('geo: point in zone', () => {
  const square = unwrap(parseWkt('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'));
  test('corners and edges count as inside, outside is outside', () => {
    for (const p of [
      { lng: 0, lat: 0 },
      { lng: 10, lat: 10 },
      { lng: 5, lat: 0 },
      { lng: 10, lat: 5 },
    ]) {
      assert.equal(containsPoint(square, p), true, JSON.stringify(p));
    }
    assert.equal(containsPoint(square, { lng: 10.000001, lat: 5 }), false);
    assert.equal(containsPoint(square, { lng: -1, lat: 0 }), false, 'ray along an edge');
    assert.equal(containsPoint(square, { lng: Number.NaN, lat: 1 }), false);
  });
  test('concave shape: the ray crosses several edges and vertices', () => {
    // A "U": the notch between x=4..6 above y=4 is outside.
    const u = unwrap(parseWkt('POLYGON((0 0, 10 0, 10 10, 6 10, 6 4, 4 4, 4 10, 0 10, 0 0))'));
    assert.equal(containsPoint(u, { lng: 5, lat: 6 }), false);
    assert.equal(containsPoint(u, { lng: 2, lat: 6 }), true);
    assert.equal(containsPoint(u, { lng: 8, lat: 6 }), true);
    assert.equal(containsPoint(u, { lng: 2, lat: 4 }), true, 'ray through the vertex (4,4) and (6,4)');
    assert.equal(containsPoint(u, { lng: 5, lat: 2 }), true);
    assert.equal(
      ringPosition(u.type === 'Polygon' ? (u.coordinates[0] ?? []) : [], { lng: 5, lat: 4 }),
      'edge',
    );
  });
});
