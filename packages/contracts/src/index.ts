export { isUserInputError, UserInputError } from './user-input-error.js';
