/**
 * The caller's own upload folder, kept for the app's launch. The functions answer it with what
 * the app reads at start-up anyway (`card.mine` for members, `staff.me` for the workbench); it is
 * one folder per person whatever their roles, so either answer fills the one kept here.
 */
let folder: string | null = null;
let reading: Promise<string> | null = null;

/** Keeps the folder an answer carried. */
export function keepUploadDir(dir: string | undefined): void {
  if (dir) folder = dir;
}

/**
 * The folder (adapters/upload.ts `uploadFile`): the one kept, else read now through `read` —
 * once, however many files ask at the same time.
 */
export function uploadDirVia(read: () => Promise<{ uploadDir: string }>): Promise<string> {
  if (folder !== null) return Promise.resolve(folder);
  if (reading === null) {
    reading = read().then(
      (answer) => {
        reading = null;
        return answer.uploadDir;
      },
      (err: unknown) => {
        reading = null;
        throw err;
      },
    );
  }
  return reading;
}
