export async function setData(): Promise<void> {}
