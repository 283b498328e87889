/** Request limits: one place, quoted in error messages and in the OpenAPI description. */
export const requestLimits = {
  maxRecords: 1000,
  maxHistoryEntries: 1000,
  maxBodyBytes: 1024 * 1024,
  maxJsonDepth: 8,
  maxWeatherTextLength: 200,
} as const;
