export { datasetFingerprint, type FingerprintTable } from './dataset-fingerprint.js';
export { isUserInputError, UserInputError } from './user-input-error.js';
