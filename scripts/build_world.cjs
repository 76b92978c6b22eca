// Build the dashboard's offline world outline from world-atlas (Natural Earth 1:110m, public domain).
// world-atlas is made for spherical maps: a few rings (Russia's far east, Fiji) cross the
// antimeridian and would streak across a flat map, and Antarctica smears along the bottom edge.
// Here: TopoJSON -> GeoJSON, rings that jump across 180° are made continuous (their western
// longitudes shifted by 360°), Antarctica is dropped, coordinates rounded to 0.01°.
// Usage: node build_world.cjs NODE_MODULES_DIR OUT.geojson
const fs = require("fs");
const path = require("path");
const [modules, out] = process.argv.slice(2);
const topojson = require(path.join(modules, "topojson-client"));
const topo = JSON.parse(fs.readFileSync(path.join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const all = topojson.feature(topo, topo.objects.countries);

const round = (x) => Math.round(x * 100) / 100;

function fixRing(ring) {
  let crosses = false;
  for (let i = 1; i < ring.length; i++) {
    if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { crosses = true; break; }
  }
  const fixed = crosses ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
  const outRing = [];
  for (const [x, y] of fixed) {
    const p = [round(x), round(y)];
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) outRing.push(p);
  }
  return outRing;
}

function fixPolygon(rings) {
  return rings.map(fixRing).filter((r) => r.length >= 4);
}

const features = [];
for (const f of all.features) {
  const name = (f.properties && f.properties.name) || "";
  if (name === "Antarctica" || f.id === "010") continue;
  const g = f.geometry;
  if (!g) continue;
  let geometry;
  if (g.type === "Polygon") geometry = { type: "Polygon", coordinates: fixPolygon(g.coordinates) };
  else if (g.type === "MultiPolygon") {
    geometry = { type: "MultiPolygon", coordinates: g.coordinates.map(fixPolygon).filter((p) => p.length) };
  } else continue;
  features.push({ type: "Feature", id: f.id, properties: { name }, geometry });
}
fs.writeFileSync(out, JSON.stringify({ type: "FeatureCollection", features }));
console.log(`${out}: ${features.length} countries`);
