// `@powercast/data-loaders/testing`: builders of JMA forecast files for other projects' tests (a
// live-format 130000.json from archive rows). Resolved only under the `@powercast/source`
// condition, so it is never part of the published package.
export {
  ARCHIVE_COLUMNS,
  ARCHIVE_HEADER,
  archiveLine,
  archiveRecords,
  archiveText,
  liveJsonFromArchive,
  type ArchiveColumn,
  type ArchiveRecord,
} from './jma-forecast.js';
