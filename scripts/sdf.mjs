/**
 * Signed distance fields for the asset scripts (make-share-image, make-tab-icons): a shape is a
 * function (x, y) → its distance in pixels from the shape's edge, negative inside, so a picture
 * is drawn anti-aliased by coverage without a canvas library.
 */

/** A box from (x0, y0) to (x1, y1) with corner radius r. */
export function roundBox(x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

export function disc(cx, cy, r) {
  return (x, y) => Math.hypot(x - cx, y - cy) - r;
}

/** A stroke of width w along the segment a–b; with w 0, the distance to the segment itself. */
export function segment(ax, ay, bx, by, w = 0) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - w / 2;
  };
}

export function union(...shapes) {
  return (x, y) => Math.min(...shapes.map((s) => s(x, y)));
}

export function intersect(a, b) {
  return (x, y) => Math.max(a(x, y), b(x, y));
}

/** `shape` with the inside of `hole` taken away. */
export function subtract(shape, hole) {
  return (x, y) => Math.max(shape(x, y), -hole(x, y));
}

/** Coverage of a pixel by a distance field: a 1 px ramp across the edge. */
export function coverage(distance) {
  return Math.max(0, Math.min(1, 0.5 - distance));
}
