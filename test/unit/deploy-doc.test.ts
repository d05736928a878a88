/**
 * docs/deploy.md lists the indexes to create in the CloudBase console by hand: the same list as
 * `INDEXES`, which drives the local SQLite indexes. A query the code makes without its index is
 * a full scan deployed, so the two must not drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDEXES } from '../../server/store/collections';

function documented(): Record<string, string[]> {
  const text = readFileSync(join(__dirname, '../../docs/deploy.md'), 'utf8');
  const table = text.slice(text.indexOf('Indexes ('), text.indexOf('### Security rules'));
  const out: Record<string, string[]> = {};
  for (const line of table.split('\n')) {
    const m = /^\| `(\w+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    out[m[1]] = m[2]
      .split(';')
      .map((ix) => [...ix.matchAll(/`([\w.]+)`/g)].map((x) => x[1]).join(','))
      .filter((ix) => ix !== '');
  }
  return out;
}

describe('deploy guide', () => {
  it('lists exactly the indexes of INDEXES, collection by collection', () => {
    const expected: Record<string, string[]> = {};
    for (const [coll, indexes] of Object.entries(INDEXES)) {
      // the conformance suite's own collection, and the local sink's record of what it would send
      if (coll === 'things' || coll === 'sentLog' || !indexes) continue;
      expected[coll] = indexes.map((ix) => ix.join(','));
    }
    const doc = documented();
    for (const v of Object.values(doc)) v.sort();
    for (const v of Object.values(expected)) v.sort();
    expect(doc).toEqual(expected);
  });
});
