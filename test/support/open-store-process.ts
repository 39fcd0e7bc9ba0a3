/** A process that opens the store (running its migrations) and closes it: `tsx open-store-process.ts URL`. */
import { openStore } from '../../store/database';

openStore({ url: process.argv[2]!, poolSize: 2 })
  .then((store) => store.close())
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
