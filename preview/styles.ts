/**
 * The CSS of one page as the browser needs it: app.wxss and the page's wxss under the page's
 * prefix, then every component it uses (its own, vant's, theirs) under the tag it is used with,
 * found the way miniprogram-simulate finds them (usingComponents, relative to each component in
 * the built copy). The result matches the classes simulate writes into the DOM.
 */
import * as fs from 'fs';
import * as path from 'path';
import { routeTag, type PageJson } from './app';
import { convertWxss, readWxss } from './wxss';

let vantIconFont: string | null = null;

/** vant's icon font, embedded (data: URL) from @vant/icons: the same file vant weapp loads. */
export function vantFont(project: string): string {
  if (vantIconFont === null) {
    vantIconFont = '';
    const less = path.join(project, 'node_modules/@vant/icons/src/encode-woff2.less');
    if (fs.existsSync(less)) {
      const match = /url\(['"]?(data:font\/woff2[^'")]+)['"]?\)/.exec(fs.readFileSync(less, 'utf8'));
      vantIconFont = match?.[1] ?? '';
    }
  }
  return vantIconFont;
}

function readJson(file: string): PageJson | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PageJson;
  } catch {
    return null;
  }
}

/** CSS for `route` in the built copy at `root`. */
export function pageCss(root: string, route: string, project: string): string {
  const font = vantFont(project);
  const pageTag = routeTag(route);
  const pagePath = path.join(root, route);
  const out: string[] = [`/* ${route} */`];
  const app = readWxss(path.join(root, 'app.wxss'));
  out.push(convertWxss(app, { prefix: pageTag, host: pageTag, vantIconFont: font }));

  const seen = new Set<string>();
  const visit = (componentPath: string, tag: string): void => {
    const key = `${componentPath}|${tag}`;
    if (seen.has(key)) return;
    seen.add(key);
    const json = readJson(`${componentPath}.json`);
    if (!json) return;
    const wxss = readWxss(`${componentPath}.wxss`);
    if (wxss) out.push(convertWxss(wxss, { prefix: tag, host: tag, vantIconFont: font }));
    for (const [childTag, target] of Object.entries(json.usingComponents ?? {})) {
      const childPath = target.startsWith('/')
        ? path.join(root, target)
        : path.join(path.dirname(componentPath), target);
      visit(childPath, childTag);
    }
  };
  visit(pagePath, pageTag);
  return out.join('\n');
}
