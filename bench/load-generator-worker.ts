/** One thread's share of a load benchmark: runs runLoad with workerData and posts the report. */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadOptions } from './load-generator.ts';

const report = await runLoad(workerData as LoadOptions);
parentPort?.postMessage(report);
