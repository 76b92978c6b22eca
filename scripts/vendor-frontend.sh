#!/usr/bin/env bash
# Vendor the dashboard's front end into src/whimbrel/static/vendor (the result is committed,
# so users need neither npm nor the internet): Leaflet (plain script, no build step) and a
# Natural Earth 1:110m world outline from world-atlas, turned into a flat-map GeoJSON; and
# Swagger UI for the API's /docs page.
# Only maintainers run this, after changing a version below.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
SWAGGER_UI=5.35.0
dest=src/whimbrel/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
  "leaflet@$LEAFLET" "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" "swagger-ui-dist@$SWAGGER_UI")
mkdir -p "$dest"
cp "$work/node_modules/leaflet/dist/leaflet.js" "$work/node_modules/leaflet/dist/leaflet.css" "$dest/"
cp "$work/node_modules/leaflet/LICENSE" "$dest/LICENSE-leaflet.txt"
cp "$work/node_modules/world-atlas/LICENSE" "$dest/LICENSE-world-atlas.txt"
# Swagger UI for the API's /docs page, served from here instead of a CDN.
cp "$work/node_modules/swagger-ui-dist/swagger-ui-bundle.js" "$work/node_modules/swagger-ui-dist/swagger-ui.css" "$dest/"
cp "$work/node_modules/swagger-ui-dist/LICENSE" "$dest/LICENSE-swagger-ui.txt"
node scripts/build_world.cjs "$work/node_modules" "$dest/world-110m.geojson"
cat > "$dest/README.md" <<MD
Vendored by scripts/vendor-frontend.sh; do not edit by hand.

- leaflet.js, leaflet.css: Leaflet $LEAFLET (BSD-2-Clause, LICENSE-leaflet.txt).
- swagger-ui-bundle.js, swagger-ui.css: swagger-ui-dist $SWAGGER_UI (Apache-2.0, LICENSE-swagger-ui.txt),
  for the API description at /docs.
- world-110m.geojson: country outlines from world-atlas $WORLD_ATLAS (ISC, LICENSE-world-atlas.txt),
  made with Natural Earth 1:110m data (public domain); rings crossing the antimeridian made
  continuous and Antarctica dropped for a flat map (scripts/build_world.cjs).
MD
ls -l "$dest"
