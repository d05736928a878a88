#!/usr/bin/env node
/**
 * Draws the tabBar icons of app.json: miniprogram/assets/tab/{home,orders,my}{,-active}.png.
 *
 *   node scripts/make-tab-icons.mjs
 *
 * 81×81 RGBA PNG (27 pt at @3x) on a transparent background: normal in the hint grey #8F959E,
 * selected in 蓝卡蓝 #1E5AA8 with a light tint inside the shape. Each icon is a few strokes
 * described as distance fields (segments, arcs, rounded boxes; scripts/sdf.mjs), so the edges are
 * anti-aliased by coverage without a canvas library; the PNG is written by scripts/png.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { encodePng } from './png.mjs';
import { coverage, disc, roundBox, segment, subtract, union } from './sdf.mjs';

const SIZE = 81;
const STROKE = 5.4; // ≈ 1.8 pt at @3x
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'miniprogram', 'assets', 'tab');

const NORMAL = [0x8f, 0x95, 0x9e];
const ACTIVE = [0x1e, 0x5a, 0xa8];
/** opacity of the selected icon's inner tint */
const TINT = 0.16;

// ---------------------------------------------------------------------------------------------
// Geometry: signed distances in pixels (negative inside a filled shape); the common shapes are
// scripts/sdf.mjs'.

/** Distance to a polyline through the given points. */
function polyline(...points) {
  const parts = [];
  for (let i = 0; i + 3 < points.length; i += 2) {
    parts.push(segment(points[i], points[i + 1], points[i + 2], points[i + 3]));
  }
  return union(...parts);
}

/**
 * Distance to the arc of the circle (cx, cy, r) from angle a0 to a1 (radians, y down, so
 * -π/2 is the top), ends rounded by the stroke like a segment's.
 */
function arc(cx, cy, r, a0, a1) {
  const end0 = [cx + r * Math.cos(a0), cy + r * Math.sin(a0)];
  const end1 = [cx + r * Math.cos(a1), cy + r * Math.sin(a1)];
  return (x, y) => {
    let a = Math.atan2(y - cy, x - cx);
    while (a < a0) a += 2 * Math.PI;
    if (a <= a1) return Math.abs(Math.hypot(x - cx, y - cy) - r);
    return Math.min(Math.hypot(x - end0[0], y - end0[1]), Math.hypot(x - end1[0], y - end1[1]));
  };
}

/** Signed distance to the polygon through the given points (even-odd inside test). */
function polygon(...points) {
  const edges = polyline(...points, points[0], points[1]);
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 2; i < points.length; j = i, i += 2) {
      const [xi, yi, xj, yj] = [points[i], points[i + 1], points[j], points[j + 1]];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    const d = edges(x, y);
    return inside ? -d : d;
  };
}

/** The outline of a filled shape, as a stroke centred on its edge. */
function outline(shape) {
  return (x, y) => Math.abs(shape(x, y));
}

// ---------------------------------------------------------------------------------------------
// The icons: `stroke` is drawn as a line of width STROKE; `fill` (signed) is tinted when active.

const ICONS = {
  // A house: roof with eaves, walls, a door.
  home: {
    stroke: union(
      polyline(12, 38, 40.5, 13, 69, 38),
      polyline(21, 31, 21, 64, 60, 64, 60, 31),
      polyline(34, 64, 34, 49, 47, 49, 47, 64),
    ),
    fill: polygon(40.5, 15, 60, 32, 60, 64, 21, 64, 21, 32),
  },
  // A clipboard with its clip and three lines of text.
  orders: {
    stroke: union(
      // the board's top edge stops where the clip sits on it
      subtract(outline(roundBox(17, 16, 64, 68, 8)), roundBox(30, 10, 51, 22, 4)),
      outline(roundBox(30, 10, 51, 22, 4)),
      segment(28, 36, 53, 36),
      segment(28, 46.5, 53, 46.5),
      segment(28, 57, 43, 57),
    ),
    fill: roundBox(17, 16, 64, 68, 8),
  },
  // A person: head and shoulders.
  my: {
    stroke: union(outline(disc(40.5, 26, 12.5)), arc(40.5, 69, 24, Math.PI, 2 * Math.PI)),
    fill: union(disc(40.5, 26, 12.5), (x, y) => Math.max(Math.hypot(x - 40.5, y - 69) - 24, y - 69)),
  },
};

function draw(icon, color, tint) {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      const line = coverage(icon.stroke(x, y) - STROKE / 2);
      const inner = tint * coverage(icon.fill(x, y));
      // one colour, so "line over tint" only adds opacity
      const alpha = line + (1 - line) * inner;
      const i = (py * SIZE + px) * 4;
      rgba[i] = color[0];
      rgba[i + 1] = color[1];
      rgba[i + 2] = color[2];
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

mkdirSync(OUT, { recursive: true });
for (const [name, icon] of Object.entries(ICONS)) {
  for (const [suffix, color, tint] of [
    ['', NORMAL, 0],
    ['-active', ACTIVE, TINT],
  ]) {
    const file = join(OUT, `${name}${suffix}.png`);
    const bytes = encodePng(SIZE, SIZE, draw(icon, color, tint), { channels: 4, filter: 'none' });
    writeFileSync(file, bytes);
    console.log(`${file}  ${bytes.length} bytes`);
  }
}
