#!/usr/bin/env node
/**
 * Draws the family invite's share image: miniprogram/assets/share/invite.png.
 *
 *   node scripts/make-share-image.mjs
 *
 * 500×400 (5:4, what WeChat shows for a share card), RGB, well under 40 KB. The card face of
 * ui-guide.md on a light background: 蓝卡蓝 with the 尊享版 gold rule and mark, a health cross, the
 * card number as masked dots, and the "1+3" family (a holder and three members). No text: the
 * share card's title says the words, and the image must not need a CJK font to be rebuilt.
 * Shapes are signed distance fields (scripts/sdf.mjs), so edges are anti-aliased by coverage; the
 * PNG is written by scripts/png.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { encodePng } from './png.mjs';
import { coverage, disc, intersect, roundBox, segment, subtract, union } from './sdf.mjs';

const W = 500;
const H = 400;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'miniprogram', 'assets', 'share', 'invite.png');

const hex = (s) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));
const PRIMARY = hex('#1E5AA8');
const PRIMARY_DEEP = hex('#174A8C');
const LIGHT = hex('#E8F0FB');
const BACKGROUND = hex('#F5F7FA');
const GOLD = hex('#C8A45D');
const WHITE = [255, 255, 255];

// ---------------------------------------------------------------------------------------------
// Shapes of this picture's own (the common ones are scripts/sdf.mjs'), negative inside

/** Rotated square (a diamond) of half-diagonal r. */
const diamond = (cx, cy, r) => (x, y) => (Math.abs(x - cx) + Math.abs(y - cy) - r) / Math.SQRT2;

/** A person: head and shoulders (the top half of a disc), `s` the head's radius. */
function person(cx, cy, s) {
  const head = disc(cx, cy, s);
  const shoulders = intersect(disc(cx, cy + s * 3.1, s * 1.8), (_x, y) => y - (cy + s * 3.1));
  return union(head, shoulders);
}

// ---------------------------------------------------------------------------------------------
// The picture: layers painted in order, each a shape and a colour (or a colour function)

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

const CARD = { x0: 60, y0: 76, x1: 440, y1: 316, r: 22 };
const cardShape = roundBox(CARD.x0, CARD.y0, CARD.x1, CARD.y1, CARD.r);

const layers = [
  // the card's soft shadow: a blurred box, drawn as a wide falloff
  {
    shape: roundBox(CARD.x0 + 6, CARD.y0 + 16, CARD.x1 - 6, CARD.y1 + 14, CARD.r),
    color: [30, 90, 168],
    coverage: (d) => 0.2 * Math.max(0, Math.min(1, 1 - (d + 4) / 22)),
  },
  // the card face, lighter at the top left
  {
    shape: cardShape,
    color: (x, y) =>
      mix(
        PRIMARY,
        PRIMARY_DEEP,
        Math.min(1, ((x - CARD.x0) / (CARD.x1 - CARD.x0) + (y - CARD.y0) / (CARD.y1 - CARD.y0)) / 2),
      ),
  },
  // a light in the corner, clipped to the card
  { shape: intersect(cardShape, disc(CARD.x1 - 30, CARD.y0 - 10, 130)), color: WHITE, alpha: 0.08 },
  // 尊享版: the gold rule along the top edge and the gold mark
  { shape: intersect(cardShape, roundBox(CARD.x0 + 40, CARD.y0 - 8, CARD.x1 - 40, CARD.y0 + 6, 6)), color: GOLD },
  { shape: diamond(CARD.x1 - 52, CARD.y0 + 48, 16), color: GOLD },
  { shape: diamond(CARD.x1 - 52, CARD.y0 + 48, 7), color: PRIMARY_DEEP },
  // the health cross in a white disc
  { shape: disc(CARD.x0 + 56, CARD.y0 + 52, 26), color: WHITE },
  {
    shape: union(
      roundBox(CARD.x0 + 49, CARD.y0 + 36, CARD.x0 + 63, CARD.y0 + 68, 3),
      roundBox(CARD.x0 + 40, CARD.y0 + 45, CARD.x0 + 72, CARD.y0 + 59, 3),
    ),
    color: PRIMARY,
  },
  // the brand line beside it, as two soft bars (title and edition)
  { shape: roundBox(CARD.x0 + 98, CARD.y0 + 34, CARD.x0 + 218, CARD.y0 + 50, 8), color: WHITE, alpha: 0.95 },
  { shape: roundBox(CARD.x0 + 98, CARD.y0 + 60, CARD.x0 + 170, CARD.y0 + 72, 6), color: GOLD, alpha: 0.9 },
  // the card number, masked: four groups of four dots
  {
    shape: union(
      ...Array.from({ length: 16 }, (_, i) =>
        disc(CARD.x0 + 44 + Math.floor(i / 4) * 84 + (i % 4) * 16, CARD.y0 + 132, 4.5),
      ),
    ),
    color: WHITE,
    alpha: 0.9,
  },
  // the family, 1+3: the holder in gold, three members in white
  { shape: person(CARD.x0 + 54, CARD.y0 + 172, 11), color: GOLD },
  ...[0, 1, 2].map((i) => ({ shape: person(CARD.x0 + 100 + i * 38, CARD.y0 + 178, 9), color: WHITE, alpha: 0.92 })),
  // a "+" to invite, in a ring
  {
    shape: subtract(disc(CARD.x1 - 56, CARD.y1 - 50, 22), disc(CARD.x1 - 56, CARD.y1 - 50, 18.5)),
    color: WHITE,
    alpha: 0.9,
  },
  {
    shape: union(
      segment(CARD.x1 - 66, CARD.y1 - 50, CARD.x1 - 46, CARD.y1 - 50, 4),
      segment(CARD.x1 - 56, CARD.y1 - 60, CARD.x1 - 56, CARD.y1 - 40, 4),
    ),
    color: WHITE,
    alpha: 0.9,
  },
];

function pixel(x, y) {
  // background: light blue at the top to the page grey at the bottom
  let c = mix(LIGHT, BACKGROUND, y / H);
  const px = x + 0.5;
  const py = y + 0.5;
  for (const layer of layers) {
    const d = layer.shape(px, py);
    const cover = layer.coverage ? layer.coverage(d) : coverage(d);
    if (cover <= 0) continue;
    const color = typeof layer.color === 'function' ? layer.color(px, py) : layer.color;
    c = mix(c, color, cover * (layer.alpha ?? 1));
  }
  return c.map((v) => Math.round(Math.max(0, Math.min(255, v))));
}

const rgb = Buffer.alloc(W * H * 3);
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) rgb.set(pixel(x, y), (y * W + x) * 3);
}
const png = encodePng(W, H, rgb, { channels: 3, filter: 'adaptive' });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, png);
console.log(`${OUT}: ${W}×${H}, ${png.length} bytes`);
