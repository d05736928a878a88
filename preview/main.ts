/**
 * `npm run preview`: starts the preview server (preview/server.ts) and prints where it is:
 * `preview ready on http://127.0.0.1:<port>` once it listens. Ctrl-C stops it and its cloud.
 */
import { startPreview } from './server';

startPreview()
  .then((preview) => {
    console.log(`local cloud: ${preview.cloud.base}`);
    if (preview.cloud.demoCard) {
      const { cardNo, code } = preview.cloud.demoCard;
      console.log(`demo card to activate: cardNo ${cardNo}  code ${code}`);
    }
    console.log(`preview ready on ${preview.url}`);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void preview.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
