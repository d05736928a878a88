/** "心内科、消化内科\n骨科" → ['心内科', '消化内科', '骨科']: one department per line or separated by 、，,；; */
export function departmentsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n、，,；;]+/)
        .map((d) => d.trim())
        .filter((d) => d !== ''),
    ),
  ];
}
