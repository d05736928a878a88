/** A page's query parameter, decoded; '' when absent or not decodable (a link cut short at a %). */
export function queryParam(query: Record<string, string | undefined>, name: string): string {
  const raw = query[name];
  if (!raw) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}
