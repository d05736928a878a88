/** app.json and page json as the preview reads them, and the routes they list. */
import * as fs from 'fs';
import * as path from 'path';

export interface WindowJson {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: string;
  navigationStyle?: string;
  backgroundColor?: string;
  enablePullDownRefresh?: boolean;
}

export interface PageJson extends WindowJson {
  usingComponents?: Record<string, string>;
  component?: boolean;
}

export interface AppJson {
  pages: string[];
  subpackages?: { root: string; name?: string; pages: string[] }[];
  tabBar?: {
    color?: string;
    selectedColor?: string;
    backgroundColor?: string;
    list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[];
  };
  window?: WindowJson;
}

export function readApp(root: string): AppJson {
  const json = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson & {
    subPackages?: AppJson['subpackages'];
  };
  return { ...json, subpackages: json.subpackages ?? json.subPackages ?? [] };
}

/** Every route app.json lists: main package first, then each subpackage's. */
export function routesOf(app: AppJson): { route: string; package: string }[] {
  const routes = app.pages.map((route) => ({ route, package: '主包' }));
  for (const sub of app.subpackages ?? []) {
    for (const page of sub.pages) routes.push({ route: `${sub.root}/${page}`, package: sub.name ?? sub.root });
  }
  return routes;
}

/**
 * The tag (and class prefix) a page renders under: `pages/home/index` → `p-pages-home`. One per
 * route, so that two pages' classes of the same name never meet in the browser's CSS.
 */
export function routeTag(route: string): string {
  const slug = route
    .replace(/\/index$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `p-${slug || 'page'}`;
}
