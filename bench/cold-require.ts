export async function coldRequire(): Promise<void> {}
