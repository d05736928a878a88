export async function sweep(): Promise<void> {}
