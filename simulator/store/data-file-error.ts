/** The data file cannot be used: its message names the file and says why. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}
