// Worker threads do not inherit tsx's loader on Node 20, so each worker starts here,
// registers tsx, then imports its real (TypeScript) entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
