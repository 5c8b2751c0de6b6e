/**
 * A problem that stops the build: one line naming the file, the row (if any) and the field or column.
 * Every stage throws it; the CLI prints its message alone (no stack), as it is the user's input that is wrong.
 */
export class FatalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalInputError';
  }
}
