/** File, directory and archive readers for the vulnerability feeds; parsing is in core/feeds. */
export { readCve5Source } from "./cve5-reader";
export { readEpss } from "./epss-reader";
export { listFiles, type ProgressCallback, readMaybeGzipped } from "./files";
export { readKev } from "./kev-reader";
export { readOsvSource, readOsvZip } from "./osv-reader";
