import { unavailable } from './unavailable';

/** node:fs in the browser: there are no files (run folders are downloaded instead). */
export const existsSync = (): boolean => false;
export const readFileSync = (): never => unavailable('reading files');
export const statSync = (): never => unavailable('reading files');
export const writeFileSync = (): never => unavailable('writing files');
export const openSync = (): never => unavailable('writing files');
export const closeSync = (): never => unavailable('writing files');
export const writeSync = (): never => unavailable('writing files');
export const readSync = (): never => unavailable('reading files');
export const truncateSync = (): never => unavailable('writing files');
