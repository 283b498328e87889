// `@powercast/features/testing`: generators for other projects' property tests. Resolved only
// under the `@powercast/source` condition, so it is never part of the published package.
export {
  candidateDate,
  candidateWeather,
  mostlyValid,
  nearBounds,
  recordCandidate,
  type NumberBounds,
  type RecordBounds,
} from './record-candidates.js';
