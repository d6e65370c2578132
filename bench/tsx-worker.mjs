/**
 * Entry of a worker thread that runs TypeScript: under Node 20, the tsx hooks given to the main thread
 * (`--import tsx`) are not applied to a worker's own entry file, so the worker starts here, registers tsx, then
 * imports the module named by `workerData.entry` (a file: URL).
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
