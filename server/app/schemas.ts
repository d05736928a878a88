/** Shared zod pieces for action schemas: one definition of what a valid day, id or name is. */
import * as z from 'zod';

/** A calendar day that exists: 2026-02-30 is refused. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  });

/** Ids we hand out (card, member, order…): short, plain characters only. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const openid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

/** Free text a person typed: trimmed, bounded, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s))
    .transform((s) => s.trim());

export const empty = z.strictObject({});
