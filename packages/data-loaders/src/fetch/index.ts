// `@powercast/data-loaders/fetch`: download the public TEPCO, JMA and Cabinet Office files into
// the layout the loader reads.
export {
  DEFAULT_BASE_URLS,
  fetchSources,
  type FetchBaseUrls,
  type FetchedFile,
  type FetchSourcesOptions,
} from './fetch-sources.js';
export type { FetchKind, LiveFetchKind } from './plan.js';
export { JMA_DAILY_REFERENCE_ELEMENTS } from './jma-obsdl.js';
export { DEFAULT_LIVE_URLS, fetchLiveSources, type FetchLiveOptions, type LiveUrls } from './fetch-live.js';
